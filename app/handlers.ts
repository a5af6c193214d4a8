// The method table every face of the app shares: the Electron IPC bridge and the
// browser host call these by name with JSON input, checked here with zod, once.
// A new operation is added here once and is typed for every face at once.
import { z } from 'zod';
import type { FlexApi } from './api';
import type {
  ExportResult, ImportOutcome, ReconciliationResult, ImportRecord, LicenseDetail, LicenseInfo, LicenseSummary, MonthPreview, MonthsInfo, Settings,
} from './api-types';
import { InputError } from './errors';
import { FILE_OPERATIONS } from './file-operations';
import { QUOTE_LIMITS, type QuoteInput } from './billing/quote';
import { MAX_DROPPED_DAYS } from './billing/rule';
import { safetyHandlers, safetyInputSchemas, type SafetyOutputs } from './safety';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const licenseKey = z.string().trim().min(1).max(200);
const optionalText = z.string().max(500).nullable().optional();

export const inputSchemas = {
  months: z.object({}).strict(),
  preview: z.object({ month }).strict(),
  licenseDetail: z.object({ license: licenseKey, month }).strict(),
  licenses: z.object({}).strict(),
  updateLicense: z.object({
    license: licenseKey,
    fields: z.object({
      name: optionalText,
      edition: optionalText,
      version: z.string().regex(/^(\d+(\.\d+)*)?$/, 'a version such as 100.0.6919').nullable().optional(),
      maintenanceExpires: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD').nullable().optional(),
      notes: z.string().max(5000).nullable().optional(),
    }).strict(),
  }).strict(),
  imports: z.object({}).strict(),
  undoImport: z.object({ id: z.number().int().positive() }).strict(),
  importFiles: z.object({
    paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
    license: z.string().trim().max(200).optional(),
    dates: z.enum(['dmy', 'mdy']).optional(),
    replacing: z.number().int().positive().optional(),
  }).strict(),
  settings: z.object({}).strict(),
  setRate: z.object({ from: month, rate: z.string().max(20) }).strict(),
  deleteRate: z.object({ from: month }).strict(),
  setDroppedDays: z.object({ droppedDays: z.number().int().min(0).max(MAX_DROPPED_DAYS) }).strict(),
  setCompany: z.object({ name: z.string().max(200), address: z.string().max(1000) }).strict(),
  exportInvoice: z.object({ month, path: z.string().min(1).max(4096) }).strict(),
  loadDemo: z.object({}).strict(),
  closeMonth: z.object({ month }).strict(),
  reopenMonth: z.object({ month }).strict(),
  reconciliation: z.object({ month }).strict(),
  reconcile: z.object({ month, path: z.string().min(1).max(4096) }).strict(),
  exportQuote: z.object({
    quote: z.object({
      customer: z.string().max(200),
      mailboxes: z.number().int().min(0).max(QUOTE_LIMITS.mailboxes),
      months: z.number().int().min(1).max(QUOTE_LIMITS.months),
      vendorRate: z.number().int().min(0).max(QUOTE_LIMITS.cents),
      price: z.number().int().min(0).max(QUOTE_LIMITS.cents),
      basis: z.string().max(500).optional(),
    }).strict(),
    path: z.string().min(1).max(4096),
  }).strict(),
  ...safetyInputSchemas,
};

export type HandlerName = keyof typeof inputSchemas;

export { FILE_OPERATIONS };
// Every file operation is an operation of the table.
for (const name of FILE_OPERATIONS) if (!(name in inputSchemas)) throw new Error(`FILE_OPERATIONS names ${name}, which is not an operation`);
export type HandlerInput<K extends HandlerName> = z.input<(typeof inputSchemas)[K]>;

export interface HandlerOutputs extends SafetyOutputs {
  months: MonthsInfo;
  preview: MonthPreview;
  licenseDetail: LicenseDetail;
  licenses: LicenseSummary[];
  updateLicense: LicenseInfo;
  imports: ImportRecord[];
  undoImport: ImportRecord;
  importFiles: ImportOutcome[];
  settings: Settings;
  setRate: Settings;
  deleteRate: Settings;
  setDroppedDays: Settings;
  setCompany: Settings;
  exportInvoice: ExportResult;
  loadDemo: ImportOutcome[];
  closeMonth: MonthPreview;
  reopenMonth: MonthPreview;
  reconciliation: ReconciliationResult | null;
  reconcile: ReconciliationResult;
  exportQuote: { path: string };
}

export type Handlers = { [K in HandlerName]: (input: HandlerInput<K>) => Promise<HandlerOutputs[K]> };

export interface HandlerContext {
  onImportProgress?: (p: import('./api-types').ImportProgress) => void;
  signal?: AbortSignal;
}

export function createHandlers(api: FlexApi, ctx: HandlerContext = {}): Handlers {
  return {
    months: async () => api.months(),
    preview: async ({ month }) => api.preview(month),
    licenseDetail: async ({ license, month }) => api.licenseDetail(license, month),
    licenses: async () => api.licenses(),
    updateLicense: async ({ license, fields }) => api.updateLicense(license, fields),
    imports: async () => api.imports(),
    undoImport: async ({ id }) => api.undoImport(id),
    importFiles: async ({ paths, license, dates, replacing }) =>
      api.importFiles(paths, { license: license || undefined, dates, replacing, onProgress: ctx.onImportProgress, signal: ctx.signal }),
    settings: async () => api.settings(),
    setRate: async ({ from, rate }) => api.setRate(from, rate),
    deleteRate: async ({ from }) => api.deleteRate(from),
    setDroppedDays: async ({ droppedDays }) => api.setDroppedDays(droppedDays),
    setCompany: async (c) => api.setCompany(c),
    exportInvoice: async ({ month, path }) => api.exportInvoice(month, path),
    loadDemo: async () => api.loadDemo(),
    closeMonth: async ({ month }) => api.closeMonth(month),
    reopenMonth: async ({ month }) => api.reopenMonth(month),
    reconciliation: async ({ month }) => api.reconciliation(month),
    reconcile: async ({ month, path }) => api.reconcile(month, path),
    exportQuote: async ({ quote, path }) => api.exportQuote(quote as QuoteInput, path),
    ...safetyHandlers(api),
  };
}

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(inputSchemas, name);
}

/** Checks a call from outside (IPC, HTTP) and runs it; bad input is an InputError. */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<unknown> {
  if (!isHandlerName(name)) throw new InputError(`Unknown operation ${JSON.stringify(name)}.`);
  const parsed = inputSchemas[name].safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`Bad input for ${name}: ${issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'invalid'}.`);
  }
  const fn = handlers[name] as (i: unknown) => Promise<unknown>;
  return fn(parsed.data);
}
