import type { DayDetail, CompanyBilled } from '../api-types';
import type { MonthPreview, LicenseKey } from '../billing/types';
import type { ImportRecord } from '../records';
import type { Reconciliation } from '../billing/reconcile';

/** Everything the summary invoice workbook shows, gathered by the api. */
export interface InvoiceData {
  preview: MonthPreview;
  company: CompanyBilled;
  /** When the workbook was made (ISO timestamp). */
  madeAt: string;
  /** Every day of the month for each license of the preview (gaps included). */
  daily: Map<LicenseKey, DayDetail[]>;
  /** Imports whose values are in the month. */
  sources: (ImportRecord & { monthDays: number })[];
  /** The vendor's invoice compared with ours, when one was imported for the month. */
  reconciliation?: VendorReview | null;
}

/** The review of the vendor's invoice, with the file it was imported from. */
export type VendorReview = Reconciliation & {
  vendorFile: string;
  /** When the vendor's invoice was imported (ISO timestamp). */
  vendorImportedAt: string;
};
