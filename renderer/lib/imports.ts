import type { DateReadings, ImportChoice, ImportOutcomeStatus } from '../../app/api-types';

/** What the file picker offers; the format is still found from the content. */
export const ACCEPT = '.csv,.tsv,.txt,.xlsx,.ods,.json';

/** One file of an import in progress or just done, as the Imports screen shows it. */
export interface FileJob {
  id: number;
  name: string;
  size: number;
  loaded: number;
  status: 'waiting' | 'uploading' | 'checking' | ImportOutcomeStatus;
  message: string;
  /** What the import was asked with; a retry keeps it and adds the answer. */
  choice: ImportChoice;
  /** The file itself (picked or dropped in the page), or its path on disk (desktop dialog), for a retry. */
  source?: File;
  path?: string | null;
  /** Rejected because its dates read both ways: the two readings, to ask which. */
  dateOrder?: DateReadings;
  /** A duplicate that went to a license given by hand: it can be imported again as another. */
  reimport?: { earlierId: number; earlierLicenses: string[] };
}

export function isRunning(job: FileJob): boolean {
  return job.status === 'waiting' || job.status === 'uploading' || job.status === 'checking';
}
