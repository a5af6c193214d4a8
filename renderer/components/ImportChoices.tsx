// The questions an import may have to ask the clerk: which order a file's dates are
// in (when the file cannot tell), and which license a file that names none belongs
// to (a known one, or a new one confirmed as new).
import { useId, useState } from 'react';
import type { DateOrder, DateReadings, LicenseInfo } from '../../app/api-types';
import { checkLicenseKey } from '../../app/billing/checks';
import { formatDate } from '../lib/format';
import { ConfirmDialog, Dialog } from './Dialog';

/** The order the computer's own settings write short dates in (day first for en-GB, de-DE; month first for en-US). */
export function systemDateOrder(locale?: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.UTC(2026, 9, 20)));
  const day = parts.findIndex((p) => p.type === 'day');
  const month = parts.findIndex((p) => p.type === 'month');
  return day >= 0 && month >= 0 && day < month ? 'dmy' : 'mdy';
}

function range(r: { from: string; to: string }): string {
  return r.from === r.to ? formatDate(r.from) : `${formatDate(r.from)} to ${formatDate(r.to)}`;
}

export function DateOrderDialog({ file, readings, onChoose, onCancel }: {
  file: string;
  readings: DateReadings;
  onChoose: (order: DateOrder) => void;
  onCancel: () => void;
}) {
  const [order, setOrder] = useState<DateOrder>(() => systemDateOrder());
  const name = useId();
  return (
    <Dialog
      title="Which order are the dates in?"
      onClose={onCancel}
      className="dialog-date-order"
      actions={(
        <>
          <button type="button" className="btn" onClick={onCancel}>Don’t import</button>
          <button type="button" className="btn btn-primary" data-initial-focus onClick={() => onChoose(order)}>Import with this order</button>
        </>
      )}
    >
      <p>
        The dates in <strong>{file}</strong> (such as <span className="mono">{readings.example}</span>) can be read two ways, and nothing
        in the file tells which. Choose the order the program that wrote it uses; the file is not imported until you do.
      </p>
      <fieldset className="choices" data-testid="date-order">
        <legend className="visually-hidden">Date order</legend>
        <label className="choice">
          <input type="radio" name={name} value="dmy" checked={order === 'dmy'} onChange={() => setOrder('dmy')} />
          <span><strong>Day first</strong> (day/month/year): {range(readings.dmy)}</span>
        </label>
        <label className="choice">
          <input type="radio" name={name} value="mdy" checked={order === 'mdy'} onChange={() => setOrder('mdy')} />
          <span><strong>Month first</strong> (month/day/year): {range(readings.mdy)}</span>
        </label>
      </fieldset>
      <p className="muted small">Preselected: the order this computer’s settings use.</p>
    </Dialog>
  );
}

/**
 * A license for files that name none: picked from the known ones, or typed; a key
 * never seen is only taken once the clerk confirms it is a new license.
 */
export function LicenseDialog({ title, intro, known, initial, exclude, confirmLabel, onChoose, onCancel }: {
  title: string;
  intro: string;
  known: LicenseInfo[];
  /** A key to start from (the one the clerk typed with the file). */
  initial?: string;
  /** Keys not to offer (the license the file went to before). */
  exclude?: string[];
  confirmLabel: string;
  onChoose: (key: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(() => (initial && !(exclude ?? []).includes(initial) ? initial : ''));
  const [confirmNew, setConfirmNew] = useState(false);
  const listId = useId();
  const offered = known.filter((l) => !(exclude ?? []).includes(l.key));
  const checked = checkLicenseKey(text);
  const key = 'key' in checked ? checked.key : null;
  const isNew = key !== null && !known.some((l) => l.key === key);
  const excluded = key !== null && (exclude ?? []).includes(key);
  const ready = key !== null && !excluded && (!isNew || confirmNew);
  return (
    // Confirm stays off (as while busy) until the key is one, and a new one is confirmed.
    <ConfirmDialog title={title} confirmLabel={confirmLabel} busy={!ready} onConfirm={() => key && onChoose(key)} onCancel={onCancel}>
      <p>{intro}</p>
      <label className="field">
        <span>License</span>
        <input
          list={listId}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setConfirmNew(false);
          }}
          placeholder="pick a license or type its key"
          spellCheck={false}
          data-testid="license-choice"
        />
        <datalist id={listId}>
          {offered.map((l) => <option key={l.key} value={l.key}>{l.name ?? ''}</option>)}
        </datalist>
      </label>
      {text.trim() !== '' && 'problem' in checked && <p className="field-error" role="alert">{checked.problem}</p>}
      {excluded && <p className="field-error" role="alert">The file went to this license before; choose another one.</p>}
      {isNew && !excluded && (
        <label className="choice">
          <input type="checkbox" checked={confirmNew} onChange={(e) => setConfirmNew(e.target.checked)} data-testid="confirm-new-license" />
          <span><strong>{key}</strong> is not a license we know yet: create it as a new license.</span>
        </label>
      )}
    </ConfirmDialog>
  );
}
