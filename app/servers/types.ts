// The shapes of the servers domain (SPEC §12) that every face shares: the command
// line, the IPC bridge, the browser host and the renderer. Types only: safe to
// import from the renderer.

/** Where a server's password is kept (never in the database). */
export type SecretPlace = 'keyring' | 'file';

/** A SmarterMail server as the user added it. The password is not part of it. */
export interface ServerInfo {
  name: string;
  url: string;
  license: string;
  user: string;
  /** SHA-256 of the pinned certificate, "AB:CD:...", for a self-signed server. */
  fingerprint: string | null;
  /** The user confirmed plain http to a machine that is not this one. */
  allowHttp: boolean;
  secretPlace: SecretPlace;
  createdAt: string;
}

export interface CollectionRecord {
  server: string;
  license: string;
  date: string;
  collectedAt: string;
  status: 'ok' | 'failed';
  error: string | null;
  domains: number | null;
  mailboxes: number | null;
  importId: number | null;
  snapshotPath: string | null;
}

export interface ServerSummary extends ServerInfo {
  lastCollection: CollectionRecord | null;
}

export interface ServerAdded {
  server: ServerInfo;
  /** A sentence saying where the password is kept. */
  secretWhere: string;
}

/** One server's result of a collection, as `collect --json` prints it (SPEC §12). */
export interface CollectResult {
  server: string;
  license: string;
  date: string;
  domains: number | null;
  mailboxes: number | null;
  status: 'ok' | 'failed';
  error: string | null;
  /** The snapshot file kept beside the database (null when nothing was stored). */
  snapshot: string | null;
  /** The import's one-sentence report (e.g. "replaced"), or null. */
  message: string | null;
  /** `collect --out`: why the copy could not be written there (the day is stored all the same). */
  copyError: string | null;
}

export interface DomainLimit {
  domain: string;
  /** Active EAS mailboxes now, on the server. */
  easMailboxes: number;
  /** maxActiveSyncAccounts; null when 0 (no limit). */
  limit: number | null;
}

export interface DomainMailboxes {
  server: string;
  domain: string;
  /** Active EAS mailboxes now, lower case, sorted. */
  addresses: string[];
}

export interface LimitsResult {
  server: string;
  domains: DomainLimit[];
}

export type AuditAction = 'set-limit' | 'disable-eas' | 'enable-eas';

export interface AuditEntry {
  id: number;
  at: string;
  osUser: string;
  server: string;
  action: AuditAction;
  /** The domain, or the domain of the mailboxes. */
  domain: string;
  /** What was asked, in words ("maxActiveSyncAccounts 0 → 20", "EAS off for a@x.com, b@x.com"). */
  change: string;
  /** The server's answer, briefly. */
  answer: string;
  verified: boolean;
  /** Why not verified, or null. */
  note: string | null;
}

export interface SetLimitResult {
  server: string;
  domain: string;
  before: number | null;
  limit: number | null;
  verified: boolean;
  message: string;
  audit: AuditEntry;
}

export interface EasChangeResult {
  server: string;
  enable: boolean;
  /** Per mailbox: whether reading the server back shows the change. */
  mailboxes: { address: string; verified: boolean }[];
  verified: boolean;
  message: string;
  audit: AuditEntry[];
}

/** What a collector sees of a month (SPEC §12): per server, the days collected and missed. */
export interface LicenseCollection {
  license: string;
  server: string;
  /** Days with a collection that succeeded. */
  collected: string[];
  /** Past days of the month, since the server was added, with none: gaps for good. */
  missed: string[];
  /** Today's collection failed and none succeeded yet: its error. */
  failedToday: string | null;
}

export interface CollectionMonth {
  month: string;
  today: string;
  servers: LicenseCollection[];
}
