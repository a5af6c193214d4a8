// The SQL of the servers domain (SPEC §12): the servers added, the collections tried,
// and the audit log of changes made on servers. Tables from migration 3.
import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry, CollectionRecord, SecretPlace, ServerInfo } from '../servers/types';

interface ServerRow {
  name: string;
  url: string;
  license: string;
  username: string;
  fingerprint: string | null;
  allow_http: number;
  secret_place: SecretPlace;
  client_id: string;
  created_at: string;
}

interface CollectionRow {
  server: string;
  license: string;
  date: string;
  collected_at: string;
  status: 'ok' | 'failed';
  error: string | null;
  domains: number | null;
  mailboxes: number | null;
  import_id: number | null;
  snapshot_path: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  os_user: string;
  server: string;
  action: AuditAction;
  domain: string;
  change: string;
  answer: string;
  verified: number;
  note: string | null;
}

const COLLECT_TIME_KEY = 'servers.collectTime';

/** A server as stored, with what only the core needs (its clientId). */
export interface StoredServer extends ServerInfo {
  clientId: string;
}

function toServer(r: ServerRow): StoredServer {
  return {
    name: r.name, url: r.url, license: r.license, user: r.username, fingerprint: r.fingerprint,
    allowHttp: r.allow_http === 1, secretPlace: r.secret_place, createdAt: r.created_at, clientId: r.client_id,
  };
}

function toCollection(r: CollectionRow): CollectionRecord {
  return {
    server: r.server, license: r.license, date: r.date, collectedAt: r.collected_at, status: r.status, error: r.error,
    domains: r.domains, mailboxes: r.mailboxes, importId: r.import_id, snapshotPath: r.snapshot_path,
  };
}

function toAudit(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.at, osUser: r.os_user, server: r.server, action: r.action, domain: r.domain,
    change: r.change, answer: r.answer, verified: r.verified === 1, note: r.note,
  };
}

export class ServerStore {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      insertServer: db.prepare(`INSERT INTO servers (name, url, license, username, fingerprint, allow_http, secret_place, client_id, created_at)
        VALUES (@name, @url, @license, @username, @fingerprint, @allowHttp, @secretPlace, @clientId, @createdAt)`),
      serverByName: db.prepare('SELECT * FROM servers WHERE name = ? COLLATE NOCASE'),
      allServers: db.prepare('SELECT * FROM servers ORDER BY name COLLATE NOCASE'),
      deleteServer: db.prepare('DELETE FROM servers WHERE name = ?'),
      insertCollection: db.prepare(`INSERT INTO server_collections (server, license, date, collected_at, status, error, domains, mailboxes, import_id, snapshot_path)
        VALUES (@server, @license, @date, @collectedAt, @status, @error, @domains, @mailboxes, @importId, @snapshotPath)`),
      lastCollections: db.prepare(`SELECT c.* FROM server_collections c
        JOIN (SELECT server, MAX(id) AS id FROM server_collections GROUP BY server) last ON last.id = c.id`),
      collectionsBetween: db.prepare('SELECT * FROM server_collections WHERE date >= ? AND date <= ? ORDER BY date, id'),
      insertAudit: db.prepare(`INSERT INTO server_audit (at, os_user, server, action, domain, change, answer, verified, note)
        VALUES (@at, @osUser, @server, @action, @domain, @change, @answer, @verified, @note)`),
      auditById: db.prepare('SELECT * FROM server_audit WHERE id = ?'),
      auditLog: db.prepare('SELECT * FROM server_audit ORDER BY id DESC LIMIT ?'),
      auditOfServer: db.prepare('SELECT * FROM server_audit WHERE server = ? ORDER BY id DESC LIMIT ?'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  addServer(s: StoredServer): StoredServer {
    this.stmt.insertServer.run({
      name: s.name, url: s.url, license: s.license, username: s.user, fingerprint: s.fingerprint,
      allowHttp: s.allowHttp ? 1 : 0, secretPlace: s.secretPlace, clientId: s.clientId, createdAt: s.createdAt,
    });
    return this.server(s.name)!;
  }

  /** The server of that name (compared without case), or null. */
  server(name: string): StoredServer | null {
    const r = this.stmt.serverByName.get(name) as ServerRow | undefined;
    return r ? toServer(r) : null;
  }

  servers(): StoredServer[] {
    return (this.stmt.allServers.all() as ServerRow[]).map(toServer);
  }

  removeServer(name: string): boolean {
    return this.stmt.deleteServer.run(name).changes > 0;
  }

  recordCollection(c: CollectionRecord): void {
    this.stmt.insertCollection.run(c);
  }

  /** The latest collection tried of each server, by server name. */
  lastCollections(): Map<string, CollectionRecord> {
    return new Map((this.stmt.lastCollections.all() as CollectionRow[]).map((r) => [r.server, toCollection(r)]));
  }

  /** Every collection tried on a day from `from` to `to`, in order. */
  collectionsBetween(from: string, to: string): CollectionRecord[] {
    return (this.stmt.collectionsBetween.all(from, to) as CollectionRow[]).map(toCollection);
  }

  addAudit(e: Omit<AuditEntry, 'id'>): AuditEntry {
    const id = Number(this.stmt.insertAudit.run({ ...e, verified: e.verified ? 1 : 0 }).lastInsertRowid);
    return toAudit(this.stmt.auditById.get(id) as AuditRow);
  }

  /** The local time ("HH:MM") of the desktop app's daily collection, or null for none. */
  collectTime(): string | null {
    const r = this.stmt.getSetting.get(COLLECT_TIME_KEY) as { value: string } | undefined;
    return r ? r.value : null;
  }

  setCollectTime(time: string | null): void {
    if (time === null) this.stmt.deleteSetting.run(COLLECT_TIME_KEY);
    else this.stmt.setSetting.run(COLLECT_TIME_KEY, time);
  }

  /** The latest changes first. */
  auditLog(limit: number, server?: string): AuditEntry[] {
    const rows = server === undefined ? this.stmt.auditLog.all(limit) : this.stmt.auditOfServer.all(server, limit);
    return (rows as AuditRow[]).map(toAudit);
  }
}
