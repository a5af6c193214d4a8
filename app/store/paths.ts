import os from 'node:os';
import path from 'node:path';

/**
 * The default database file, shared by the desktop app and the command line
 * (SPEC §5). `FLEXBILL_DB` overrides it; `--db` overrides both.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Flex Billing');
  }
  if (platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'Flex Billing');
  }
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, 'flex-billing');
}

export function resolveDbPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (explicit) return path.resolve(explicit);
  if (env.FLEXBILL_DB) return path.resolve(env.FLEXBILL_DB);
  return path.join(defaultDataDir(env, platform), 'flex-billing.db');
}
