// Where a server's password is kept (SPEC §12): the operating system's credential
// store (Keychain, Windows Credential Manager, Secret Service) through
// @napi-rs/keyring, service "Flex Billing", account = the server's name. Where there
// is none (a headless server: "Couldn't access platform storage"), a file beside the
// database that only its owner can read. Never the database, a log or a message.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors';
import type { SecretPlace } from './types';

export const KEYRING_SERVICE = 'Flex Billing';

/** The platform store, as far as we use it; tests give another. */
export interface KeyringBackend {
  set(account: string, password: string): void;
  get(account: string): string | null;
  delete(account: string): void;
}

/** The system's credential store, or null when its binding cannot load on this machine. */
export async function systemKeyring(): Promise<KeyringBackend | null> {
  let mod: typeof import('@napi-rs/keyring');
  try {
    mod = await import('@napi-rs/keyring');
  } catch {
    return null;
  }
  const entry = (account: string) => new mod.Entry(KEYRING_SERVICE, account);
  return {
    set: (account, password) => entry(account).setPassword(password),
    get: (account) => entry(account).getPassword() ?? null,
    delete: (account) => {
      entry(account).deletePassword();
    },
  };
}

const secretsFile = z.object({ version: z.literal(1), passwords: z.record(z.string(), z.string()) });

export class Secrets {
  /** The file used where the platform store is not available. */
  readonly file: string;
  private keyring: Promise<KeyringBackend | null> | null = null;

  constructor(dbPath: string, private readonly keyringFactory: () => Promise<KeyringBackend | null> = systemKeyring) {
    this.file = `${dbPath}.servers-secrets.json`;
  }

  private backend(): Promise<KeyringBackend | null> {
    this.keyring ??= this.keyringFactory().catch(() => null);
    return this.keyring;
  }

  /** A sentence's end saying where the password of `server` is. */
  where(server: string, place: SecretPlace): string {
    return place === 'keyring'
      ? `the system's credential store (service "${KEYRING_SERVICE}", account "${server}")`
      : `${this.file} (readable only by you)`;
  }

  /** Keeps the password: in the platform store when it works (checked by reading it back), else in the file. */
  async save(server: string, password: string): Promise<SecretPlace> {
    const keyring = await this.backend();
    if (keyring) {
      try {
        keyring.set(server, password);
        if (keyring.get(server) === password) {
          this.removeFromFile(server);
          return 'keyring';
        }
      } catch {
        // No usable platform store here (e.g. no Secret Service on a headless Linux).
      }
    }
    const all = this.readFile();
    all[server] = password;
    this.writeFile(all);
    return 'file';
  }

  async load(server: string, place: SecretPlace): Promise<string> {
    if (place === 'keyring') {
      const keyring = await this.backend();
      let pw: string | null;
      try {
        pw = keyring ? keyring.get(server) : null;
      } catch {
        pw = null;
      }
      if (pw === null) throw new InputError(`The password of ${server} is not in the system's credential store (was it removed, or is the store locked?); add the server again (flexbill servers add ${server} ...).`);
      return pw;
    }
    const pw = this.readFile()[server];
    if (pw === undefined) throw new InputError(`The password of ${server} is not in ${this.file}; add the server again (flexbill servers add ${server} ...).`);
    return pw;
  }

  async remove(server: string, place: SecretPlace): Promise<void> {
    if (place === 'keyring') {
      const keyring = await this.backend();
      try {
        keyring?.delete(server);
      } catch {
        // Already gone, or the store is unavailable: nothing more we can remove.
      }
    }
    this.removeFromFile(server);
  }

  private removeFromFile(server: string): void {
    if (!fs.existsSync(this.file)) return;
    const all = this.readFile();
    if (!(server in all)) return;
    delete all[server];
    this.writeFile(all);
  }

  private readFile(): Record<string, string> {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return {};
    }
    // Mode bits mean nothing on Windows, where the user's profile folder is private.
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new InputError(`${this.file} can be read by other users of this computer; make it readable only by you (chmod 600 "${this.file}").`);
    }
    const parsed = secretsFile.safeParse(safeJson(fs.readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new InputError(`${this.file} is damaged; remove it and add the servers again.`);
    return { ...parsed.data.passwords };
  }

  /** Written to a new file made readable only by its owner, then renamed into place. */
  private writeFile(passwords: Record<string, string>): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${Date.now()}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify({ version: 1, passwords }, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, 0o600); // the umask cannot widen it, but make it plain
    fs.renameSync(tmp, this.file);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
