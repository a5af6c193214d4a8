// One way to answer the page over IPC: the sender is checked once, here, for
// every channel; an answer is always a Reply, an error always has its kind.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { InputError, toWireError } from '../app/errors';
import type { Reply } from './protocol';

/** True when the message came from our own page in our own window. */
export type SenderCheck = (e: IpcMainInvokeEvent) => boolean;

const REFUSED: Reply = { ok: false, error: { kind: 'input', message: 'Refused: the message did not come from the app window.' } };

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A request the shell cannot take: thrown by a handler, answered as an input error. */
export function badRequest(): never {
  throw new InputError('Bad request.');
}

export function registerIpc(fromOurPage: SenderCheck) {
  return function handle(channel: string, fn: (e: IpcMainInvokeEvent, payload: unknown) => Promise<unknown> | unknown): void {
    ipcMain.handle(channel, async (e, payload: unknown): Promise<Reply> => {
      if (!fromOurPage(e)) return REFUSED;
      try {
        return { ok: true, result: await fn(e, payload) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    });
  };
}
