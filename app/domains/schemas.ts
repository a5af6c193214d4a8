// The zod pieces the domains' input schemas share. They check what crosses a
// boundary once and hand the handlers the domain's branded types.
import { z } from 'zod';
import { isIsoMonth } from '../billing/calendar';
import type { Cents, IsoMonth, LicenseKey } from '../billing/types';

/** A calendar month, YYYY-MM; parsed, it is an IsoMonth. */
export const isoMonth = z.string({ error: 'The month is written as YYYY-MM, for example 2026-10.' })
  .refine((s) => isIsoMonth(s), { error: (iss) => `"${String(iss.input)}" is not a month: write it as YYYY-MM, for example 2026-10.` })
  .transform((s) => s as IsoMonth);

/** A whole number from `min` to `max`, or the sentence `say(input)`. */
export const wholeNumber = (min: number, max: number, say: (input: unknown) => string) => {
  const error = (iss: { input?: unknown }) => say(iss.input);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

export const licenseKey = z.string().trim().min(1).max(200).transform((s) => s as LicenseKey);

/** A file on this computer. */
export const filePath = z.string().min(1).max(4096);

export const none = z.object({}).strict();

/** Money in whole cents, from 0 to `max`; parsed, it is Cents. */
export const cents = (max: number) => z.number().int().min(0).max(max).transform((n) => n as Cents);
