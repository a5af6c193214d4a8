// Daily counts as written (SPEC §4.4): whole numbers >= 0. `1,234` and `12.0` are
// whole numbers; `12.5`, `-3`, an empty cell or a word are not, and reject the file.

import { InputError } from '../errors';
import { quote, type Place } from './place';

/** The largest daily count stored (a 32-bit count per day); no server has that many mailboxes. */
export const MAX_COUNT = 0x7fffffff;
const TOO_LARGE = 'no server has that many mailboxes (at most 2,147,483,647)';

const WHOLE = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.0*)?$/;
const NUMBER = /^[-+]?(\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d*)?$/;

/** Why `text` (trimmed) is not a count, or null when it is one. */
function countProblem(text: string): string | null {
  if (text === '') return 'count is empty: expected a whole number of mailboxes';
  if (WHOLE.test(text)) return null;
  if (/^\d{1,3}(?:[.'\u00A0\u202F ]\d{3})+$/.test(text)) {
    return `count ${quote(text)} has a thousands separator ("${text.replace(/\d/g, '').slice(0, 1)}"), as German or Swiss settings write it: write counts without separators (${text.replace(/\D/g, "")}), or save the file with a plain number format`;
  }
  if (NUMBER.test(text) && /\d/.test(text)) {
    if (text.startsWith('-') && !/^-[0,.]*$/.test(text)) return `count ${quote(text)} is negative: expected a whole number of mailboxes (0 or more)`;
    return `count ${quote(text)} is not a whole number`;
  }
  return `count ${quote(text)} is not a whole number`;
}

/** A count written as text (CSV field, text cell, JSON string). */
export function countFromText(raw: string, place: Place, position: number, column: number): number {
  const text = raw.trim();
  const problem = countProblem(text);
  if (problem !== null) throw new InputError(`${place.at(position, column)}: ${problem}`);
  const digits = text.replace(/,/g, '');
  const dot = digits.indexOf('.');
  const n = Number(dot === -1 ? digits : digits.slice(0, dot));
  if (!Number.isSafeInteger(n) || n > MAX_COUNT) throw new InputError(`${place.at(position, column)}: count ${quote(text)} is too large: ${TOO_LARGE}`);
  return n;
}

/**
 * The count in `text[start, end)`: plain digits are read in place (the common case,
 * no string made), anything else goes through `countFromText`.
 */
export function countFromSlice(text: string, start: number, end: number, place: Place, position: number, column: number): number {
  const len = end - start;
  if (len > 0 && len < 16) {
    let n = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    if (i === end && n <= MAX_COUNT) return n;
  }
  return countFromText(text.slice(start, end), place, position, column);
}

/** A count given as a number (spreadsheet cell, JSON number). */
export function countFromNumber(n: number, place: Place, position: number, column: number): number {
  if (!Number.isFinite(n)) throw new InputError(`${place.at(position, column)}: count is not a number`);
  if (n < 0) throw new InputError(`${place.at(position, column)}: count ${n} is negative: expected a whole number of mailboxes (0 or more)`);
  if (!Number.isInteger(n)) throw new InputError(`${place.at(position, column)}: count ${n} is not a whole number`);
  if (!Number.isSafeInteger(n) || n > MAX_COUNT) throw new InputError(`${place.at(position, column)}: count ${n} is too large: ${TOO_LARGE}`);
  return n;
}
