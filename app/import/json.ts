// JSON (SPEC §4.3): an array of row objects (`license`, `date`, `count` or `mailbox`,
// named as table columns), or snapshot envelopes (`domains` -> `activeSyncAccounts`),
// one object or an array of them. A large array is never parsed whole: the text is
// scanned for the array's elements (tracking strings and nesting) and each element
// is parsed on its own, so memory holds one element at a time.

import { InputError } from '../errors';
import { UsageCollector, type MetaField } from './collector';
import { normalizeName, roleOf, type Role } from './columns';
import { itemPlace, quote, type Place } from './place';
import { encodingLabel, encodingWarning, type TextSource } from './source';
import type { ReaderResult } from './table';
import type { ReadOptions, UsageKind } from './types';
import { countFromNumber, countFromText } from './values';

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON.parse error as "line N: reason", the line counted from the file's start. */
function syntaxError(fileName: string, e: unknown, text: string, startLine: number, item: number | null): InputError {
  const message = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(message);
  let line = startLine;
  if (at) {
    const end = Math.min(Number(at[1]), text.length);
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
  }
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  return new InputError(`${fileName} line ${line}${item === null ? '' : ` (item ${item})`}: the JSON is not valid: ${reason}`);
}

/** What an object's keys mean, by the column names of §4.2 (cached per key). */
class KeyRoles {
  private readonly cache = new Map<string, Role | 'domains' | 'about' | null>();
  of(key: string): Role | 'domains' | 'about' | null {
    let role = this.cache.get(key);
    if (role === undefined) {
      const n = normalizeName(key);
      role = n === 'domains' ? 'domains' : n === 'about' ? 'about' : (roleOf(key) ?? null);
      this.cache.set(key, role);
    }
    return role;
  }
}

type Mode = 'rows-counts' | 'rows-mailboxes' | 'snapshots';

class JsonItems {
  mode: Mode | null = null;
  collector: UsageCollector | null = null;
  private readonly roles = new KeyRoles();

  constructor(
    private readonly place: Place,
    private readonly options: ReadOptions,
  ) {}

  private fail(item: number, why: string): InputError {
    return new InputError(`${this.place.at(item, -1)}: ${why}`);
  }

  /** The fields of an object by meaning (first key of a meaning wins). */
  private fields(obj: JsonObject): Map<Role | 'domains' | 'about', unknown> {
    const out = new Map<Role | 'domains' | 'about', unknown>();
    for (const key of Object.keys(obj)) {
      const role = this.roles.of(key);
      if (role !== null && !out.has(role)) out.set(role, obj[key]);
    }
    return out;
  }

  add(value: unknown, item: number): void {
    if (!isObject(value)) throw this.fail(item, 'expected an object with a license, a date and a count or mailbox (or a snapshot with "domains")');
    const f = this.fields(value);
    if (this.mode === null) {
      if (f.has('domains')) this.mode = 'snapshots';
      else if (f.has('count') && f.has('mailbox')) throw this.fail(item, 'has both a count and a mailbox; a file gives one or the other');
      else if (f.has('count')) this.mode = 'rows-counts';
      else if (f.has('mailbox')) this.mode = 'rows-mailboxes';
      else throw this.fail(item, 'has no count, mailbox or "domains": expected rows like {"license": ..., "date": "2026-10-01", "count": 12} or snapshots with "domains"');
      const kind: UsageKind = this.mode === 'rows-counts' ? 'counts' : 'mailboxes';
      this.collector = new UsageCollector(kind, this.place, this.options);
      // The key given with the import was checked where the import began (domains/imports).
      const option = this.options.license?.trim();
      if (option) {
        this.collector.fileLicense = option;
        this.collector.licenseGiven = true;
      }
    }
    const c = this.collector as UsageCollector;

    const license = this.license(c, f.get('license'), item);
    const date = f.get('date');
    if (date === undefined || date === null || date === '') throw this.fail(item, 'has no date');
    let dateId: number;
    if (typeof date === 'number') dateId = c.dates.fromSerial(date, item, -1);
    else if (typeof date === 'string') dateId = c.dates.fromText(date, item, -1);
    else throw this.fail(item, `date ${quote(JSON.stringify(date))} is not a date`);

    if (this.mode === 'snapshots') this.snapshot(c, f, license, dateId, item);
    else if (this.mode === 'rows-counts') {
      if (f.has('mailbox')) throw this.fail(item, 'has a mailbox, but the rows before it give counts');
      if (f.has('domains')) throw this.fail(item, 'is a snapshot, but the items before it are rows');
      const count = f.get('count');
      let n: number;
      if (typeof count === 'number') n = countFromNumber(count, this.place, item, -1);
      else if (typeof count === 'string') n = countFromText(count, this.place, item, -1);
      else if (count === undefined || count === null) throw this.fail(item, 'has no count');
      else throw this.fail(item, `count ${quote(JSON.stringify(count))} is not a whole number`);
      c.addCount(license, dateId, n, asText(f.get('domain')).trim().toLowerCase(), item);
    } else {
      if (f.has('count')) throw this.fail(item, 'has a count, but the rows before it give mailboxes');
      if (f.has('domains')) throw this.fail(item, 'is a snapshot, but the items before it are rows');
      const mailbox = f.get('mailbox');
      if (typeof mailbox !== 'string') throw this.fail(item, mailbox === undefined || mailbox === null ? 'has no mailbox' : 'mailbox is not text');
      const address = mailbox.trim().toLowerCase();
      if (c.addMailbox(license, dateId, address, item, -1) && !address.includes('@')) {
        const domain = asText(f.get('domain'));
        if (domain !== '') c.setNewAddressDomain(license, domain);
      }
    }
    for (const field of ['name', 'edition', 'version', 'maintenance'] as const satisfies readonly MetaField[]) {
      const v = f.get(field);
      if (typeof v === 'string' || typeof v === 'number') c.setMeta(license, field, String(v), item, -1);
    }
  }

  private license(c: UsageCollector, value: unknown, item: number): number {
    if (typeof value === 'string') return c.license(value, item, -1);
    if (typeof value === 'number') return c.license(String(value), item, -1);
    if (value === undefined || value === null) return c.defaultLicense(item, -1);
    throw this.fail(item, 'license is not text');
  }

  private snapshot(c: UsageCollector, f: Map<Role | 'domains' | 'about', unknown>, license: number, dateId: number, item: number): void {
    const domains = f.get('domains');
    if (!isObject(domains)) throw this.fail(item, `"domains" must be an object of {"<domain>": {"activeSyncAccounts": [...]}}`);
    const accounts: { address: string; domain: string }[] = [];
    for (const [domain, answer] of Object.entries(domains)) {
      const list = isObject(answer) ? findAccounts(answer) : Array.isArray(answer) ? answer : undefined;
      if (!Array.isArray(list)) throw this.fail(item, `domain ${quote(domain)} has no "activeSyncAccounts" list`);
      for (let i = 0; i < list.length; i++) {
        const a: unknown = list[i];
        let address: unknown = a;
        if (isObject(a)) address = Object.entries(a).find(([k]) => normalizeName(k) === 'emailaddress')?.[1];
        if (typeof address !== 'string' || address.trim() === '') {
          throw this.fail(item, `domain ${quote(domain)} account ${i + 1} has no "emailAddress"`);
        }
        accounts.push({ address, domain: domain.toLowerCase() });
      }
    }
    c.addSnapshot(license, dateId, accounts, item);

    const name = f.get('name');
    if (typeof name === 'string') c.setMeta(license, 'name', name, item, -1);
    const about = f.get('about');
    if (isObject(about)) {
      const version = about['version'];
      if (typeof version === 'string' || typeof version === 'number') c.setMeta(license, 'version', String(version), item, -1);
      const enterprise = about['enterpriseFunctionality'];
      const edition = about['edition'];
      if (enterprise === true) c.setMeta(license, 'edition', 'Enterprise', item, -1);
      else if (typeof edition === 'string' && edition.trim() !== '') c.setMeta(license, 'edition', edition, item, -1);
      else if (enterprise === false) c.setMeta(license, 'edition', 'Not Enterprise', item, -1);
      else if (typeof edition === 'number') c.setMeta(license, 'edition', String(edition), item, -1);
    }
  }
}

function findAccounts(answer: JsonObject): unknown {
  for (const [k, v] of Object.entries(answer)) if (normalizeName(k) === 'activesyncaccounts') return v;
  return undefined;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

const WS = new Set([32, 9, 10, 13]);

export async function readJson(source: TextSource, fileName: string, options: ReadOptions): Promise<ReaderResult> {
  const place = itemPlace(fileName);
  const items = new JsonItems(place, options);
  let text = (await source.next()) ?? '';
  let pos = 0;
  let line = 1;
  let eof = false;

  /** More text after `keepFrom` (what is before it is dropped); false at the end. */
  const more = async (keepFrom: number): Promise<boolean> => {
    if (eof) return false;
    const next = await source.next();
    text = text.slice(keepFrom) + (next ?? '');
    if (next === null) eof = true;
    return next !== null;
  };
  const skipSpace = async (): Promise<void> => {
    for (;;) {
      while (pos < text.length && WS.has(text.charCodeAt(pos))) {
        if (text.charCodeAt(pos) === 10) line++;
        pos++;
      }
      if (pos < text.length || !(await more(pos))) {
        if (pos >= text.length) pos = text.length;
        return;
      }
      pos = 0;
    }
  };

  await skipSpace();
  if (text.charCodeAt(pos) === 123 /* { */) {
    // One object: parsed whole.
    while (await more(0));
    const body = text.slice(pos);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      throw syntaxError(fileName, e, body, line, null);
    }
    items.add(value, 1);
    return finish(items, place, source, 1);
  }

  // An array: each element parsed on its own.
  pos++; // [
  let item = 0;
  await skipSpace();
  if (text.charCodeAt(pos) === 93 /* ] */) throw new InputError(`${fileName} is an empty JSON list: no usage rows`);
  for (;;) {
    await skipSpace();
    if (pos >= text.length) throw new InputError(`${fileName} line ${line}: the JSON ends inside the list (a closing "]" is missing)`);
    item++;
    // Find the element's end: depth 0 and a `,` or `]` outside strings.
    const startLine = line;
    let i = pos;
    let depth = 0;
    let inString = false;
    for (;;) {
      if (i >= text.length) {
        const keep = pos;
        if (!(await more(keep))) {
          if (depth === 0 && !inString) {
            throw new InputError(`${fileName} line ${startLine} (item ${item}): the JSON ends before the list is closed (a "]" is missing)`);
          }
          throw new InputError(`${fileName} line ${startLine} (item ${item}): the JSON ends inside this item (a closing bracket or quote is missing)`);
        }
        i -= keep;
        pos = 0;
        continue;
      }
      const ch = text.charCodeAt(i);
      if (inString) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          i = text.length;
          continue;
        }
        let backslashes = 0;
        for (let k = q - 1; k >= pos && text.charCodeAt(k) === 92; k--) backslashes++;
        i = q + 1;
        if (backslashes % 2 === 0) inString = false;
        continue;
      }
      if (ch === 34) inString = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        if (depth === 0) break;
        depth--;
      } else if (ch === 44 && depth === 0) break;
      i++;
    }
    const body = text.slice(pos, i);
    for (let k = body.indexOf('\n'); k !== -1; k = body.indexOf('\n', k + 1)) line++;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      throw syntaxError(fileName, e, body, startLine, item);
    }
    items.add(value, item);
    pos = i;
    const sep = text.charCodeAt(pos);
    pos++;
    if (sep === 93) break;
    // `,` read: an element follows.
  }
  await skipSpace();
  if (pos < text.length) throw new InputError(`${fileName} line ${line}: unexpected text after the end of the JSON list`);
  return finish(items, place, source, item);
}

function finish(items: JsonItems, place: Place, source: TextSource, count: number): ReaderResult {
  const collector = items.collector;
  if (collector === null || (collector.rows === 0 && items.mode !== 'snapshots')) {
    throw new InputError(`${place.fileName} has no usage rows (${count} item${count === 1 ? '' : 's'} read)`);
  }
  const encodingNote = encodingWarning(source.encoding, place.fileName);
  if (encodingNote !== null) collector.warnings.push(encodingNote);
  const detail = `${items.mode === 'snapshots' ? 'JSON snapshots' : 'JSON rows'}, ${encodingLabel(source.encoding, source.bom)}`;
  return { format: items.mode === 'snapshots' ? 'json-snapshots' : 'json-rows', detail, collector };
}
