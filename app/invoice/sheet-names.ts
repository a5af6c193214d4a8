// Excel's rules for sheet names: at most 31 characters, none of [ ] : * ? / \,
// not empty, not starting or ending with an apostrophe, and not "History"
// (reserved by Excel). Names compare case-insensitively.

const MAX_SHEET_NAME = 31;
const FORBIDDEN = /[[\]:*?/\\]/g;
// Control characters make Excel refuse the file.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const FALLBACK = 'Sheet';

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return s.slice(0, end);
}

/** Trims white space and apostrophes at both ends. */
function trimEnds(s: string): string {
  return s.replace(/^[\s']+|[\s']+$/g, '');
}

/**
 * A sheet name Excel accepts, made from any text (a domain, a license name):
 * forbidden characters removed, apostrophes and spaces trimmed at the ends,
 * at most 31 characters, never empty ("Sheet" then).
 */
export function safeSheetName(s: string): string {
  const cleaned = trimEnds(s.replace(CONTROL, ' ').replace(FORBIDDEN, ''));
  const name = trimEnds(cut(cleaned, MAX_SHEET_NAME));
  if (name === '') return FALLBACK;
  if (name.toLowerCase() === 'history') return `${name} (1)`;
  return name;
}

/**
 * safeSheetName, made unique among `taken` (compared case-insensitively, as
 * Excel does) by a " (2)", " (3)" ... suffix; the name is added to `taken`.
 */
export function uniqueSheetName(s: string, taken: Set<string>): string {
  const base = safeSheetName(s);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = trimEnds(cut(base, MAX_SHEET_NAME - suffix.length)) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}
