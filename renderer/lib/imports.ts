import type { ImportOutcomeStatus } from '../../app/api-types';

/** What the file picker offers; the format is still found from the content. */
export const ACCEPT = '.csv,.tsv,.txt,.xlsx,.json';

/** One file of an import in progress or just done, as the Imports screen shows it. */
export interface FileJob {
  id: number;
  name: string;
  size: number;
  loaded: number;
  status: 'waiting' | 'uploading' | 'checking' | ImportOutcomeStatus;
  message: string;
}

export function isRunning(job: FileJob): boolean {
  return job.status === 'waiting' || job.status === 'uploading' || job.status === 'checking';
}
