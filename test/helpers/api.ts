import path from 'node:path';
import { manualClock } from '../../app/clock';
import { openCore } from '../../app/core';
import { checkedApi, createHandlers, type HandlerContext } from '../../app/handlers';
import { tempDir } from './tmp';

/**
 * A database in a temporary folder and the method table on it, called as the
 * faces call it (inputs checked). The clock moves only when told to.
 */
export function openApi(dbPath = path.join(tempDir(), 'a.db'), ctx: HandlerContext = {}) {
  const clock = manualClock();
  const core = openCore(dbPath, { clock });
  const api = Object.assign(checkedApi(createHandlers(core, ctx)), { core, clock, close: () => core.close() });
  return { core, api, clock, dir: path.dirname(dbPath) };
}
