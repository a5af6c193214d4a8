// The FlexClient of the browser host (`flexbill serve`). The page was opened with
// the token in its address; the server traded it for a same-site cookie, so every
// request below carries it by itself (credentials: 'same-origin').
import type { HandlerInput, HandlerName, HandlerOutputs } from '../../app/handlers';
import type { ExportResult, ImportChoice, ImportOutcome, ImportProgress, QuoteInput, ReconciliationResult } from '../../app/api-types';
import { ApiError, isWireError, type WireError } from './errors';
import type { FlexClient, MenuCommand } from './types';
import { notImportedCancelled } from '../../app/words';

interface Envelope<T> {
  ok: boolean;
  result?: T;
  error?: WireError;
}

/** Reads the server's answer as {ok, result|error}; anything else becomes a sentence too. */
function unwrap<T>(status: number, text: string): T {
  let body: Envelope<T> | null;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    body = null;
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    if (body.ok) return body.result as T;
    throw isWireError(body.error) ? new ApiError(body.error.kind, body.error.message) : new ApiError('internal', 'The operation failed.');
  }
  if (status === 403) throw new ApiError('input', 'This page is no longer authorised: open the address that `flexbill serve` printed again.');
  const line = text.trim().split('\n')[0] ?? '';
  throw new ApiError('internal', line && line.length < 300 ? line : `The server answered ${status}.`);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError('internal', 'Flex Billing is not reachable: is `flexbill serve` still running?');
  }
}

async function call<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<HandlerOutputs[K]> {
  const res = await send(`/api/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
  return unwrap<HandlerOutputs[K]>(res.status, await res.text());
}

/** The outcome of a file the person cancelled before it was imported. */
function cancelled(file: File): ImportOutcome {
  return { file: file.name, status: 'cancelled', message: notImportedCancelled(file.name), record: null };
}

function uploadOne(file: File, choice: ImportChoice, onProgress: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<ImportOutcome[]> {
  return new Promise((resolve) => {
    const params = new URLSearchParams({ name: file.name });
    if (choice.license) params.set('license', choice.license);
    if (choice.dates) params.set('dates', choice.dates);
    if (choice.replacing !== undefined) params.set('replacing', String(choice.replacing));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?${params.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    const fail = (message: string): void => resolve([{ file: file.name, status: 'rejected', message, record: null }]);
    xhr.onload = () => {
      try {
        resolve(unwrap<ImportOutcome[]>(xhr.status, xhr.responseText));
      } catch (e) {
        fail(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    xhr.onerror = () => fail(`${file.name}: the upload failed; is \`flexbill serve\` still running?`);
    xhr.onabort = () => resolve([cancelled(file)]);
    // Cancel: the upload stops; the host imports nothing of a file it did not receive whole.
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed encoding: the plain name below.
    }
  }
  const m = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return m?.[1] ?? fallback;
}

/** Saves a workbook the host sent back as a download; its name comes from the host. */
async function download(res: Response, fallback: string): Promise<string> {
  const type = res.headers.get('Content-Type') ?? '';
  if (!res.ok || type.includes('json') || type.startsWith('text/')) unwrap<never>(res.status, await res.text());
  const blob = await res.blob();
  const fileName = fileNameFrom(res.headers.get('Content-Disposition'), fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}

export function createHttpClient(): FlexClient {
  return {
    host: 'browser',
    version: typeof __FLEXBILL_VERSION__ === 'string' ? __FLEXBILL_VERSION__ : 'dev',
    call,

    async importFiles(files: File[], choice: ImportChoice, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome[]> {
      const outcomes: ImportOutcome[] = [];
      for (const [fileIndex, file] of files.entries()) {
        if (signal?.aborted) {
          outcomes.push(cancelled(file));
          continue;
        }
        onProgress({ fileIndex, fileCount: files.length, file: file.name, bytesRead: 0, totalBytes: file.size });
        const result = await uploadOne(file, choice, (bytesRead, totalBytes) =>
          onProgress({ fileIndex, fileCount: files.length, file: file.name, bytesRead, totalBytes }), signal);
        outcomes.push(...result);
      }
      return outcomes;
    },

    async exportInvoice(month: string): Promise<(ExportResult & { downloaded?: boolean }) | null> {
      // The workbook is made on the host and comes back as a download; its
      // headers say how many licenses and what total it holds.
      const res = await send(`/api/export?month=${encodeURIComponent(month)}`, {});
      const licenses = Number(res.headers.get('X-Flex-Licenses') ?? 0);
      const total = res.headers.get('X-Flex-Total') ?? '0.00';
      const fileName = await download(res, `flex-billing-invoice-${month}.xlsx`);
      return { month: month as ExportResult['month'], path: fileName, licenses, total, downloaded: true };
    },

    async importVendorInvoice(month: string, file: File): Promise<ReconciliationResult> {
      const params = new URLSearchParams({ month, name: file.name });
      const res = await send(`/api/upload-vendor?${params.toString()}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      return unwrap<ReconciliationResult>(res.status, await res.text());
    },

    async exportQuote(quote: QuoteInput): Promise<{ path?: string; downloaded?: boolean } | null> {
      const res = await send('/api/export-quote', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(quote),
      });
      const fileName = await download(res, 'flex-billing-quote.xlsx');
      return { path: fileName, downloaded: true };
    },

    async backUp(): Promise<{ path?: string; downloaded?: boolean } | null> {
      const res = await send('/api/backup', {});
      const fileName = await download(res, `flex-billing-backup-${new Date().toISOString().slice(0, 10)}.db`);
      return { path: fileName, downloaded: true };
    },

    async restore(file?: File): Promise<{ from: string } | null> {
      if (!file) return null;
      const res = await send(`/api/restore?${new URLSearchParams({ name: file.name }).toString()}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      unwrap<unknown>(res.status, await res.text());
      return { from: file.name };
    },

    onMenu(_listener: (command: MenuCommand) => void): () => void {
      // A browser tab has no application menu.
      return () => undefined;
    },
  };
}
