import type { DayDetail, CompanyBilled } from '../api-types';
import type { MonthPreview, LicenseKey } from '../billing/types';
import type { ImportRecord } from '../store/store';

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
}
