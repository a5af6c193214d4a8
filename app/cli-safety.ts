// `flexbill backup --out FILE` and `flexbill restore FILE` (SPEC §8, §13): the
// command-line face of ./safety, called from ./cli.
import { openCore } from './core';
import { backup } from './domains/safety';
import { plural } from './words';
import { restoreDatabase, type DatabaseSummary } from './store/backup';
import { resolveDbPath } from './store/paths';

/** The parsed command line, as ./cli parses it. */
export interface SafetyArgs {
  command: string | null;
  positional: string[];
  options: Map<string, string | true>;
}

export const SAFETY_COMMANDS: ReadonlySet<string> = new Set(['backup', 'restore']);

export const SAFETY_USAGE = `  flexbill [--db FILE] backup --out FILE
  flexbill [--db FILE] restore FILE`;

export const SAFETY_HELP = `  backup    a copy of the database, made while it is in use
  restore   put a backup in the database's place (the database as it is is backed up first)`;


function summaryText(s: DatabaseSummary): string {
  return `${plural(s.imports, 'import')}, ${plural(s.licenses, 'license')}, ${plural(s.closedMonths, 'closed month')}`;
}

/** Runs `backup` or `restore`; `usage` makes the error for wrong usage (exit 2). */
export async function runSafetyCommand(p: SafetyArgs, io: { out: (s: string) => void }, usage: (message: string) => Error): Promise<number> {
  const allowed = new Set(['--db', ...(p.command === 'backup' ? ['--out'] : [])]);
  for (const name of p.options.keys()) if (!allowed.has(name)) throw usage(`${p.command} does not take ${name}.`);
  const dbOption = p.options.get('--db');
  const dbArg = typeof dbOption === 'string' ? dbOption : undefined;

  if (p.command === 'backup') {
    const out = p.options.get('--out');
    if (typeof out !== 'string') throw usage('backup needs --out FILE: where to write the backup.');
    if (p.positional.length > 0) throw usage(`backup does not take "${p.positional[0]}"; give the file with --out.`);
    const core = openCore(resolveDbPath(dbArg));
    try {
      const r = await backup(core, out);
      io.out(`Backed up ${core.dbPath} to ${r.path}: ${summaryText(r.summary)}.`);
    } finally {
      core.close();
    }
    return 0;
  }

  if (p.positional.length !== 1) throw usage('restore needs one FILE: a backup made by flexbill backup, or one from the backups folder beside the database.');
  const dbPath = resolveDbPath(dbArg);
  // The database is not opened first: restoring is also the way out of a damaged
  // one, or of one a newer version made.
  const r = await restoreDatabase(dbPath, p.positional[0]!);
  // Opening it brings an older backup's schema up to date (backing it up first).
  openCore(dbPath).close();
  io.out(`Restored ${r.database} from ${r.from}: ${summaryText(r.summary)}; ${r.previous ? `the database as it was is kept in ${r.previous}` : 'there was no database there before'}.`);
  return 0;
}
