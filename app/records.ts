// The records the store keeps and the api hands out, as every face sees them.
// Types only: the renderer may import them.

export type ImportStatus = 'imported' | 'rejected' | 'duplicate' | 'undone';

export interface Replacement {
  license: string;
  date: string;
  old: number;
  new: number;
}

export interface ImportRecord {
  id: number;
  fileName: string;
  filePath: string | null;
  size: number;
  sha256: string;
  format: string | null;
  detail: string | null;
  kind: string | null;
  status: ImportStatus;
  reason: string | null;
  importedAt: string;
  undoneAt: string | null;
  licenses: string[];
  dateFrom: string | null;
  dateTo: string | null;
  rows: number;
  daysAdded: number;
  daysReplaced: number;
  daysUnchanged: number;
  warnings: string[];
  /** The first replacements (old → new), at most REPLACEMENTS_KEPT of them. */
  replacements: Replacement[];
}

