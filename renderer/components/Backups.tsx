// Backups in Settings (SPEC §13): the automatic ones beside the database, a backup on
// demand, and restore. The desktop app uses its own dialogs (save, open, confirm);
// the browser downloads a backup and uploads the one to restore, after a confirmation.
import { useRef, useState } from 'react';
import { errorMessage, getClient } from '../client';
import { ConfirmDialog } from './Dialog';
import type { Toast } from './Toasts';
import { formatBytes, formatDateTime } from '../lib/format';
import { useLoad } from '../lib/useLoad';

export function Backups({ dbPath, dataVersion, onChanged, toast }: {
  dbPath: string;
  dataVersion: number;
  onChanged: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}) {
  const client = getClient();
  const { data: backups } = useLoad(() => client.call('backups', {}), [dataVersion]);
  const [picked, setPicked] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folder = dbPath.replace(/[\\/][^\\/]*$/, '');

  const backUp = async () => {
    setBusy(true);
    try {
      const r = await client.backUp();
      if (r) toast({ kind: 'success', text: r.downloaded ? `Backup downloaded as ${r.path ?? 'a file'}.` : `Backed up to ${r.path ?? 'the file chosen'}.` });
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const restore = async (file?: File) => {
    setBusy(true);
    try {
      const r = await client.restore(file);
      if (r) {
        toast({ kind: 'success', text: `Restored from ${r.from}. The database as it was is kept in the backups folder.` });
        onChanged();
      }
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      setPicked(null);
    }
  };

  return (
    <section className="card" aria-labelledby="backups-title" data-testid="backups">
      <div className="card-header"><h2 id="backups-title">Backups</h2></div>
      <div className="card-body">
        <p className="hint">
          A backup is made before every schema change and every month closing; the latest ten are kept in{' '}
          <code className="selectable">{folder}/backups</code>.
        </p>
        {backups && backups.length > 0 && (
          <ul className="backup-list" data-testid="automatic-backups">
            {backups.slice(0, 5).map((b) => (
              <li key={b.path} title={b.path}>
                <span>{formatDateTime(b.madeAt)}</span> <span className="muted">{b.reason} · {formatBytes(b.size)}</span>
              </li>
            ))}
          </ul>
        )}
        <div className="form-actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void backUp()}>Back up…</button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => (client.host === 'electron' ? void restore() : fileInput.current?.click())}
          >
            Restore…
          </button>
          <input
            ref={fileInput}
            className="visually-hidden"
            type="file"
            accept=".db,.sqlite,.sqlite3"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="restore-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0] ?? null;
              e.currentTarget.value = '';
              setPicked(file);
            }}
          />
        </div>
      </div>
      {picked && (
        <ConfirmDialog
          title="Replace the data with this backup?"
          confirmLabel="Restore"
          danger
          busy={busy}
          onCancel={() => setPicked(null)}
          onConfirm={() => void restore(picked)}
        >
          <p>The data in the database is replaced by <strong>{picked.name}</strong>. The database as it is now is backed up first, into the backups folder.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
