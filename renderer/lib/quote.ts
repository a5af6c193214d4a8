// The Quote screen's form as the person typed it, and how it is read: each field
// is checked on its own so its message can sit under it.
import { formatAmount, parseAmount } from '../../app/billing/money';
import { QUOTE_LIMITS as LIMITS, type QuoteInput } from '../../app/billing/quote';
import type { Cents, IsoMonth } from '../../app/api-types';
import { formatCount, formatMonth, formatUsd, plural } from './format';

/** What a quote is based on: a license's billable count or a domain's mailboxes on the billed day. */
export interface QuoteBasis {
  /** "license:KEY" or "domain:KEY:domain"; "" for mailboxes typed by hand. */
  key: string;
  mailboxes: number;
  /** The customer's name it suggests. */
  customer: string;
  /** The sentence for the workbook's "Based on:" line. */
  text: string;
}

/** The Quote screen's fields, kept by the window so they survive a visit to another screen. */
export interface QuoteDraft {
  month: IsoMonth | null;
  basisKey: string;
  basis: string;
  customer: string;
  /** The customer name the last basis suggested: replaced by the next one unless edited. */
  suggestedCustomer: string;
  mailboxes: string;
  months: string;
  vendorRate: string;
  /** The rate was typed (not the one from Settings). */
  vendorRateTouched: boolean;
  price: string;
}

export const emptyDraft: QuoteDraft = {
  month: null,
  basisKey: '',
  basis: '',
  customer: '',
  suggestedCustomer: '',
  mailboxes: '',
  months: '12',
  vendorRate: '',
  vendorRateTouched: false,
  price: '',
};

function licenseBasisKey(license: string): string {
  return `license:${license}`;
}

function domainBasisKey(license: string, domain: string): string {
  return `domain:${license}:${domain}`;
}

/** A license's billable count in a month. */
export function licenseBasis(license: string, name: string | null, billable: number, month: IsoMonth): QuoteBasis {
  return {
    key: licenseBasisKey(license),
    mailboxes: billable,
    customer: name ?? license,
    text: `license ${license}${name ? ` (${name})` : ''}: ${plural(billable, 'billable mailbox', 'billable mailboxes')} in ${formatMonth(month)}`,
  };
}

/** A domain's mailboxes on its license's billed day of a month. */
export function domainBasis(license: string, domain: string, mailboxes: number, month: IsoMonth): QuoteBasis {
  return {
    key: domainBasisKey(license, domain),
    mailboxes,
    customer: domain,
    text: `${domain}: ${plural(mailboxes, 'mailbox', 'mailboxes')} with Exchange ActiveSync in ${formatMonth(month)}`,
  };
}

/** The draft with a basis applied: mailboxes and basis text; the customer too unless the person typed one. */
export function applyBasis(draft: QuoteDraft, month: IsoMonth | null, b: QuoteBasis): QuoteDraft {
  const keepCustomer = draft.customer.trim() !== '' && draft.customer !== draft.suggestedCustomer;
  return {
    ...draft,
    month,
    basisKey: b.key,
    basis: b.text,
    mailboxes: String(b.mailboxes),
    customer: keepCustomer ? draft.customer : b.customer,
    suggestedCustomer: b.customer,
  };
}

type Field<T> = { value: T; error: null } | { value: null; error: string };

function whole(text: string, min: number, max: number, what: string): Field<number> {
  const t = text.trim().replace(/[,\s]/g, '');
  if (t === '') return { value: null, error: `Enter the ${what}.` };
  if (!/^\d+$/.test(t)) return { value: null, error: `A whole number of ${what}, e.g. ${what === 'months' ? '12' : '250'}.` };
  const n = Number(t);
  if (n < min || n > max) return { value: null, error: `From ${formatCount(min)} to ${formatCount(max)} ${what}.` };
  return { value: n, error: null };
}

/** "1.75", "$1.75", "1", "$1,000.00" → cents; a sentence for anything else. */
function readMoney(text: string, empty: string): Field<Cents> {
  const t = text.trim();
  if (t === '') return { value: null, error: empty };
  let c: Cents;
  try {
    c = parseAmount(t);
  } catch {
    return { value: null, error: /\.\d{3,}$/.test(t) ? 'At most two decimals (whole cents), e.g. 1.75.' : 'An amount of dollars, e.g. 1.75 or $1.75.' };
  }
  if (c < 0) return { value: null, error: 'Cannot be negative.' };
  if (c > LIMITS.cents) return { value: null, error: `At most ${formatUsd(LIMITS.cents as Cents)} per mailbox.` };
  return { value: c, error: null };
}

/** An amount as typed, tidied once the field is left: "$1.5" → "1.50". Left as it is when it is not an amount. */
export function tidyMoney(text: string): string {
  const r = readMoney(text, '');
  return r.value === null ? text : formatAmount(r.value);
}

interface ReadDraft {
  errors: { mailboxes: string | null; months: string | null; vendorRate: string | null; price: string | null };
  /** The quote when every field reads; null otherwise. */
  input: QuoteInput | null;
  /** Cost needs no price: shown as soon as mailboxes, months and the rate read. */
  cost: { mailboxes: number; months: number; vendorRate: Cents } | null;
}

export function readDraft(d: QuoteDraft): ReadDraft {
  const mailboxes = whole(d.mailboxes, 0, LIMITS.mailboxes, 'mailboxes');
  const months = whole(d.months, 1, LIMITS.months, 'months');
  const vendorRate = readMoney(d.vendorRate, 'Enter the vendor’s rate per mailbox per month.');
  const price = readMoney(d.price, 'Enter your price per mailbox per month.');
  const errors = { mailboxes: mailboxes.error, months: months.error, vendorRate: vendorRate.error, price: price.error };
  const cost = mailboxes.value !== null && months.value !== null && vendorRate.value !== null
    ? { mailboxes: mailboxes.value, months: months.value, vendorRate: vendorRate.value }
    : null;
  const input = cost && price.value !== null
    ? { customer: d.customer.trim(), ...cost, price: price.value, ...(d.basis.trim() ? { basis: d.basis.trim() } : {}) }
    : null;
  return { errors, input, cost };
}
