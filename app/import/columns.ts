// Column and preamble names of SPEC §4.2. Names match case-insensitively, ignoring
// spaces, `_`, `-` and `.`, so "License_Key", "license key" and "LICENSE-KEY" are one.

export type Role =
  | 'license'
  | 'date'
  | 'count'
  | 'mailbox'
  | 'domain'
  | 'name'
  | 'edition'
  | 'version'
  | 'maintenance';

const NAMES: Record<Role, readonly string[]> = {
  license: ['license', 'license key', 'license id', 'serial', 'serial number'],
  date: ['date', 'day', 'usage date', 'report date'],
  count: [
    'count',
    'eas',
    'eas accounts',
    'eas mailboxes',
    'active eas accounts',
    'activesync accounts',
    'activesync mailboxes',
    'mailboxes',
    'accounts',
  ],
  mailbox: ['mailbox', 'email', 'email address', 'user name', 'account name'],
  domain: ['domain'],
  name: ['license name', 'name', 'server', 'server name', 'host name'],
  edition: ['edition'],
  version: ['version'],
  maintenance: ['maintenance expires', 'maintenance expiry', 'm&s expires'],
};

/** Lower case without spaces, `_`, `-`, `.` (and a BOM or NBSP someone left in). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_.\-\uFEFF]/g, '');
}

const BY_NAME = new Map<string, Role>();
for (const role of Object.keys(NAMES) as Role[]) {
  for (const n of NAMES[role]) BY_NAME.set(normalizeName(n), role);
}

export function roleOf(name: string): Role | undefined {
  return BY_NAME.get(normalizeName(name));
}

/** Where each meaning sits in a header row (-1: absent), with the names as written. */
export interface HeaderColumns {
  license: number;
  date: number;
  count: number;
  mailbox: number;
  domain: number;
  name: number;
  edition: number;
  version: number;
  maintenance: number;
  /** The header cell text of each column found, by role, for messages. */
  written: Partial<Record<Role, string>>;
}

/**
 * The columns of a header row, or null when the row is no header (it lacks a date
 * column, or a count or mailbox column). Later columns of a meaning already found
 * are ignored for metadata; two usage columns of one meaning are reported through
 * `duplicate` so the caller can reject the file with a clear message.
 */
export function matchHeader(cells: readonly string[]): { columns: HeaderColumns; duplicate: Role | null } | null {
  const columns: HeaderColumns = {
    license: -1,
    date: -1,
    count: -1,
    mailbox: -1,
    domain: -1,
    name: -1,
    edition: -1,
    version: -1,
    maintenance: -1,
    written: {},
  };
  let duplicate: Role | null = null;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === undefined || cell === '') continue;
    const role = roleOf(cell);
    if (role === undefined) continue;
    if (columns[role] === -1) {
      columns[role] = i;
      columns.written[role] = cell.trim();
    } else if (duplicate === null && isUsageRole(role)) {
      duplicate = role;
    }
  }
  if (columns.date === -1 || (columns.count === -1 && columns.mailbox === -1)) return null;
  return { columns, duplicate };
}

function isUsageRole(role: Role): boolean {
  return role === 'license' || role === 'date' || role === 'count' || role === 'mailbox' || role === 'domain';
}

/** The roles a preamble line (`Key: value`) can fill. */
export type PreambleRole = 'license' | 'name' | 'edition' | 'version' | 'maintenance';

/**
 * A preamble line as key and value: `License Key: ABC` in one cell, or `License Key`
 * and `ABC` in the first two non-empty cells (`Key,value`, any delimiter).
 * Null when the line is not metadata (a title, a blank line, an unknown key).
 */
export function matchPreamble(cells: readonly string[]): { role: PreambleRole; value: string } | null {
  const filled: string[] = [];
  for (const c of cells) {
    const t = c.trim();
    if (t !== '') filled.push(t);
    if (filled.length > 2) break;
  }
  let key: string | undefined;
  let value: string | undefined;
  const first = filled[0];
  if (first === undefined) return null;
  const colon = first.indexOf(':');
  if (colon > 0 && (filled.length === 1 || first.slice(colon + 1).trim() !== '')) {
    key = first.slice(0, colon);
    value = first.slice(colon + 1).trim();
    if (value === '' && filled.length === 2) value = filled[1];
  } else if (filled.length === 2) {
    key = first.endsWith(':') ? first.slice(0, -1) : first;
    value = filled[1];
  }
  if (key === undefined || value === undefined || value === '') return null;
  const role = roleOf(key);
  if (role === 'license' || role === 'name' || role === 'edition' || role === 'version' || role === 'maintenance') {
    return { role, value };
  }
  return null;
}
