// Money in integer cents. Floats never hold an amount: 0.85 × 1,333 in floating
// point is 1133.0499999..., in cents it is 85 × 1333 = 113305, exactly.

import type { Cents } from './types';

function assertCents(c: number): void {
  if (!Number.isSafeInteger(c)) throw new Error(`An amount in cents must be a whole number, got ${c}`);
}

/** Digits with `,` between thousands: "1234567" → "1,234,567". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function splitCents(c: Cents): { sign: string; units: string; fraction: string } {
  assertCents(c);
  const abs = Math.abs(c);
  return {
    sign: c < 0 ? '-' : '',
    units: String(Math.floor(abs / 100)),
    fraction: String(abs % 100).padStart(2, '0'),
  };
}

/** "1250.00", "-3.50": the plain form used in JSON. */
export function formatAmount(c: Cents): string {
  const { sign, units, fraction } = splitCents(c);
  return `${sign}${units}.${fraction}`;
}

/** "$1,250.00", "-$3.50": the form shown to people. */
export function formatUsd(c: Cents): string {
  const { sign, units, fraction } = splitCents(c);
  return `${sign}$${groupThousands(units)}.${fraction}`;
}

// Optional minus, optional $, whole units (plain or correctly grouped by ","),
// then at most two decimals.
const AMOUNT = /^(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/;

/**
 * Reads an amount of dollars as cents: "1", "1.5", "1.50", "$1,250.00", "-3.50".
 * Anything else, including a third decimal, throws with a message for the user.
 * A negative amount is accepted (it is what formatAmount writes); a caller that
 * needs a rate checks for >= 0 itself.
 */
export function parseAmount(s: string): Cents {
  const text = s.trim();
  const m = AMOUNT.exec(text);
  const units = m?.[2];
  const fraction = m?.[3];
  if (!m || (units === undefined && fraction === undefined)) {
    if (/^-?\$?[\d,]*\.\d{3,}$/.test(text)) {
      throw new Error(`Amount "${s}" has more than two decimals: amounts are in whole cents, e.g. 1.25`);
    }
    throw new Error(`Amount "${s}" is not an amount of dollars: write it like 1.25 or $1,250.00`);
  }
  const cents = Number((units ?? '0').replace(/,/g, '')) * 100 + Number((fraction ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new Error(`Amount "${s}" is too large`);
  return (m[1] && cents !== 0 ? -cents : cents) as Cents;
}

/**
 * An amount of dollars given as a number (a spreadsheet cell) in cents, rounded to
 * the nearest cent. Throws when it is no amount (not finite, or too large).
 */
export function centsOfDollars(dollars: number): Cents {
  const cents = Math.round(dollars * 100);
  if (!Number.isSafeInteger(cents)) throw new Error(`${dollars} is not an amount of dollars`);
  return cents as Cents;
}

/** billable count × rate, in cents. */
export function amountFor(billable: number, rate: Cents): Cents {
  if (!Number.isSafeInteger(billable) || billable < 0) {
    throw new Error(`A billable count must be a whole number >= 0, got ${billable}`);
  }
  assertCents(rate);
  const amount = billable * rate;
  if (!Number.isSafeInteger(amount)) throw new Error(`Amount ${billable} × ${rate} cents is too large`);
  return amount as Cents;
}

/** "1,250": a count with thousands separators (en-US). */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`A count must be a whole number, got ${n}`);
  return (n < 0 ? '-' : '') + groupThousands(String(Math.abs(n)));
}
