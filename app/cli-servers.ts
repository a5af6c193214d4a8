// The command line's servers commands (SPEC §8, §12): servers [add|remove], collect,
// limits, eas. A thin face over the servers domain; app/cli.ts hands them over.
import { formatCount, limitState } from './billing';
import { InputError } from './errors';
import { serversOf } from './servers/handlers';
import type { CollectorHost } from './servers/service';
import type { CollectResult, DomainLimit, ServerSummary } from './servers/types';
import { renderTable } from './table';

/** Options these commands add to the command line (`--license`, `--out`, `--json` exist already). */
export const SERVER_VALUE_OPTIONS = ['--url', '--user', '--fingerprint', '--domain', '--max'] as const;
export const SERVER_FLAG_OPTIONS = ['--allow-http', '--disable', '--enable'] as const;
export const SERVER_COMMANDS: ReadonlySet<string> = new Set(['servers', 'collect', 'limits', 'eas']);

export const SERVER_USAGE = `  flexbill [--db FILE] servers [--json]
  flexbill [--db FILE] servers add NAME --url URL --license KEY [--user NAME]
                                [--fingerprint SHA256] [--allow-http]
  flexbill [--db FILE] servers remove NAME
  flexbill [--db FILE] collect [NAME...] [--json] [--out DIR]
  flexbill [--db FILE] limits NAME [--json]
  flexbill [--db FILE] limits NAME --domain DOMAIN --max N
  flexbill [--db FILE] eas NAME --disable ADDRESS... | --enable ADDRESS...`;

export const SERVER_DESCRIPTIONS = `  servers   the SmarterMail servers to collect from; add signs in once to check
            (password from FLEXBILL_SERVER_PASSWORD, or asked without echo)
  collect   read today's ActiveSync mailboxes from each server and import them
  limits    each domain's EAS mailboxes and limit; --domain --max sets one (0: none)
  eas       switch EAS off (or on) for mailboxes, checked by reading the server back`;

export interface ServerCliContext {
  command: string;
  positional: string[];
  options: Map<string, string | true>;
  io: { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv };
  openApi: () => CollectorHost & { close(): void };
  /** Makes the command line's wrong-usage error (exit 2). */
  usage: (message: string) => Error;
}

const NO_PRORATION = 'This month\'s bill already counts these mailboxes: there is no proration.';

function str(ctx: ServerCliContext, name: string): string | undefined {
  const v = ctx.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

function allow(ctx: ServerCliContext, what: string, ...names: string[]): void {
  const ok = new Set(['--db', '--help', '-h', ...names]);
  for (const name of ctx.options.keys()) if (!ok.has(name)) throw ctx.usage(`${what} does not take ${name}.`);
}

/** Reads a password from the terminal without echoing it. */
async function askPassword(prompt: string, err: (s: string) => void): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new InputError('Give the password in FLEXBILL_SERVER_PASSWORD, or run the command in a terminal to be asked for it.');
  err(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            reject(new InputError('Cancelled.'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    err('\n');
  }
}

function lastCollectionText(s: ServerSummary): string {
  const c = s.lastCollection;
  if (!c) return 'never';
  return c.status === 'ok' ? `${c.date} ok, ${formatCount(c.mailboxes ?? 0)} mailboxes` : `${c.date} FAILED`;
}

function collectLine(r: CollectResult): string {
  if (r.status === 'failed') return `✗ ${r.error ?? `${r.server}: failed.`} Nothing of ${r.server} was stored for ${r.date}.`;
  const domains = r.domains ?? 0;
  return `✓ ${r.server} (license ${r.license}) ${r.date}: ${formatCount(domains)} ${domains === 1 ? 'domain' : 'domains'}, ${formatCount(r.mailboxes ?? 0)} EAS mailboxes; snapshot ${r.snapshot}. ${r.message ?? ''}`.trimEnd();
}

function limitFlag(d: DomainLimit): string {
  const state = limitState(d.easMailboxes, d.limit);
  return state === 'over' ? 'OVER LIMIT' : state === 'at' ? 'at limit' : '';
}

/** Runs one of SERVER_COMMANDS; the exit code (0 done, 1 something failed or was not confirmed). */
export async function runServerCommand(ctx: ServerCliContext): Promise<number> {
  const { io } = ctx;
  const json = ctx.options.has('--json');
  const withServers = async <T>(work: (servers: ReturnType<typeof serversOf>) => Promise<T>): Promise<T> => {
    const api = ctx.openApi();
    try {
      return await work(serversOf(api));
    } finally {
      api.close();
    }
  };
  const [sub, ...rest] = ctx.positional;

  if (ctx.command === 'servers' && sub === 'add') {
    allow(ctx, 'servers add', '--url', '--license', '--user', '--fingerprint', '--allow-http');
    if (rest.length !== 1) throw ctx.usage('servers add needs one NAME, for example: servers add mail01 --url https://mail01.example.com --license KEY.');
    const url = str(ctx, '--url');
    const license = str(ctx, '--license');
    if (url === undefined) throw ctx.usage('servers add needs --url URL, the server\'s address.');
    if (license === undefined) throw ctx.usage('servers add needs --license KEY, the server\'s license key.');
    const user = str(ctx, '--user') ?? 'admin';
    const password = io.env.FLEXBILL_SERVER_PASSWORD || await askPassword(`Password of ${user} on ${rest[0]}: `, io.err);
    return withServers(async (servers) => {
      const added = await servers.add({
        name: rest[0]!, url, license, user, password, fingerprint: str(ctx, '--fingerprint'), allowHttp: ctx.options.has('--allow-http'),
      });
      const s = added.server;
      io.out(`Added ${s.name} (${s.url}, license ${s.license}, user ${s.user}${s.fingerprint ? `, certificate pinned to ${s.fingerprint}` : ''}): signed in.`);
      io.out(`The password is kept in ${added.secretWhere}.`);
      return 0;
    });
  }
  if (ctx.command === 'servers' && sub === 'remove') {
    allow(ctx, 'servers remove');
    if (rest.length !== 1) throw ctx.usage('servers remove needs one NAME.');
    return withServers(async (servers) => {
      const s = await servers.remove(rest[0]!);
      io.out(`Removed ${s.name} and its password. The usage collected from it stays.`);
      return 0;
    });
  }
  if (ctx.command === 'servers') {
    allow(ctx, 'servers', '--json');
    if (sub !== undefined) throw ctx.usage(`servers takes add or remove, not "${sub}".`);
    return withServers(async (servers) => {
      const list = servers.list();
      if (json) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No servers yet: add one with flexbill servers add NAME --url URL --license KEY.');
      else io.out(renderTable([
        { header: 'Name', value: (s) => s.name },
        { header: 'URL', value: (s) => s.url },
        { header: 'License', value: (s) => s.license },
        { header: 'User', value: (s) => s.user },
        { header: 'Certificate', value: (s) => (s.fingerprint ? 'pinned' : s.url.startsWith('http:') ? 'plain http' : 'verified') },
        { header: 'Password in', value: (s) => (s.secretPlace === 'keyring' ? 'credential store' : 'owner-only file') },
        { header: 'Last collection', value: lastCollectionText },
      ], list));
      return 0;
    });
  }
  if (ctx.command === 'collect') {
    allow(ctx, 'collect', '--json', '--out');
    return withServers(async (servers) => {
      const results = await servers.collect(ctx.positional, { outDir: str(ctx, '--out') });
      if (json) {
        const shown = results.map((r) => ({ server: r.server, license: r.license, date: r.date, domains: r.domains, mailboxes: r.mailboxes, status: r.status, error: r.error }));
        io.out(JSON.stringify({ servers: shown }, null, 2));
      } else for (const r of results) io.out(collectLine(r));
      for (const r of results) if (r.copyError) io.err(`flexbill: ${r.copyError}`);
      return results.some((r) => r.status === 'failed' || r.copyError !== null) ? 1 : 0;
    });
  }
  if (ctx.command === 'limits') {
    allow(ctx, 'limits', '--json', '--domain', '--max');
    if (ctx.positional.length !== 1) throw ctx.usage('limits needs one server NAME.');
    const domain = str(ctx, '--domain');
    const max = str(ctx, '--max');
    if ((domain === undefined) !== (max === undefined)) throw ctx.usage('--domain and --max go together: the domain and its new EAS limit (0 for none).');
    if (max !== undefined && !/^\d+$/.test(max)) throw ctx.usage(`--max needs a whole number of mailboxes (0 for none), not "${max}".`);
    return withServers(async (servers) => {
      if (domain !== undefined && max !== undefined) {
        const r = await servers.setLimit(sub!, domain, Number(max));
        if (json) io.out(JSON.stringify(r, null, 2));
        else io.out(r.message);
        return r.verified ? 0 : 1;
      }
      const r = await servers.limits(sub!);
      if (json) io.out(JSON.stringify(r, null, 2));
      else if (r.domains.length === 0) io.out(`${r.server} has no domains.`);
      else io.out(renderTable([
        { header: 'Domain', value: (d) => d.domain },
        { header: 'EAS mailboxes', align: 'right', value: (d) => formatCount(d.easMailboxes) },
        { header: 'Limit', align: 'right', value: (d) => (d.limit === null ? 'none' : formatCount(d.limit)) },
        { header: '', value: limitFlag },
      ], r.domains));
      return 0;
    });
  }
  if (ctx.command === 'eas') {
    allow(ctx, 'eas', '--disable', '--enable', '--json');
    const disable = ctx.options.has('--disable');
    const enable = ctx.options.has('--enable');
    if (disable === enable) throw ctx.usage('eas takes either --disable ADDRESS... or --enable ADDRESS...');
    if (rest.length === 0) throw ctx.usage(`eas needs the server NAME and at least one mailbox address after --${enable ? 'enable' : 'disable'}.`);
    return withServers(async (servers) => {
      const r = await servers.setEas(sub!, rest, enable);
      if (json) io.out(JSON.stringify(r, null, 2));
      else {
        io.out(r.message);
        for (const m of r.mailboxes) if (!m.verified) io.out(`  not confirmed: ${m.address}`);
        if (!enable) io.out(NO_PRORATION);
      }
      return r.verified ? 0 : 1;
    });
  }
  throw ctx.usage(`Unknown command "${ctx.command}".`);
}
