// Settings: the rate changes, the days dropped and the company billed (SPEC §2.5, §2.7).
import { z } from 'zod';
import { MAX_DROPPED_DAYS, formatAmount, parseAmount, rateFor } from '../billing';
import type { Cents, IsoMonth } from '../billing/types';
import type { CompanyBilled, Settings } from '../api-types';
import type { Core } from '../core';
import { InputError } from '../errors';
import { isoMonth, none, wholeNumber } from './schemas';

export const DEFAULT_DROPPED_DAYS = 2;
const DROPPED_DAYS_KEY = 'droppedDays';
const COMPANY_KEY = 'company';

const droppedDaysSentence = (n: unknown) => `Days dropped must be a whole number from 0 to ${MAX_DROPPED_DAYS}, not ${String(n)}.`;

export const schemas = {
  settings: none,
  setRate: z.object({ from: isoMonth, rate: z.string().max(20) }).strict(),
  deleteRate: z.object({ from: isoMonth }).strict(),
  setDroppedDays: z.object({ droppedDays: wholeNumber(0, MAX_DROPPED_DAYS, droppedDaysSentence) }).strict(),
  setCompany: z.object({ name: z.string().max(200), address: z.string().max(1000) }).strict(),
};

const companySchema = z.object({ name: z.string().catch(''), address: z.string().catch('') }).partial();

export function droppedDays(core: Core): number {
  const v = core.store.settings.get(DROPPED_DAYS_KEY);
  return v === null ? DEFAULT_DROPPED_DAYS : Number(v);
}

export function rateOf(core: Core, month: IsoMonth): Cents {
  return rateFor(month, core.store.settings.rates());
}

export function company(core: Core): CompanyBilled {
  const v = core.store.settings.get(COMPANY_KEY);
  if (!v) return { name: '', address: '' };
  const parsed = companySchema.safeParse(JSON.parse(v));
  return { name: parsed.data?.name ?? '', address: parsed.data?.address ?? '' };
}

export function settings(core: Core): Settings {
  const today = core.clock.now().slice(0, 7) as IsoMonth;
  return {
    droppedDays: droppedDays(core),
    rates: core.store.settings.rates().map((r) => ({ from: r.from, rate: formatAmount(r.rate) })),
    currentRate: formatAmount(rateOf(core, today)),
    company: company(core),
    dbPath: core.dbPath,
  };
}

export function setCompany(core: Core, c: CompanyBilled): Settings {
  core.store.settings.set(COMPANY_KEY, JSON.stringify({ name: c.name.trim(), address: c.address.trim() }));
  return settings(core);
}

export function setDroppedDays(core: Core, n: number): Settings {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_DROPPED_DAYS) throw new InputError(droppedDaysSentence(n));
  core.store.settings.set(DROPPED_DAYS_KEY, String(n));
  return settings(core);
}

/** Sets the rate (e.g. "1.10") that applies from `from` on. */
export function setRate(core: Core, from: IsoMonth, rateText: string): Settings {
  let rate: Cents;
  try {
    rate = parseAmount(rateText);
  } catch {
    throw new InputError(`"${rateText}" is not a rate: write it in dollars, for example 1.00.`);
  }
  if (rate < 0) throw new InputError('The rate cannot be negative.');
  core.store.settings.setRate(from, rate);
  return settings(core);
}

export function deleteRate(core: Core, from: IsoMonth): Settings {
  core.store.settings.deleteRate(from);
  return settings(core);
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    settings: async (_: In<'settings'>) => settings(core),
    setRate: async ({ from, rate }: In<'setRate'>) => setRate(core, from, rate),
    deleteRate: async ({ from }: In<'deleteRate'>) => deleteRate(core, from),
    setDroppedDays: async ({ droppedDays: n }: In<'setDroppedDays'>) => setDroppedDays(core, n),
    setCompany: async (c: In<'setCompany'>) => setCompany(core, c),
  };
}
