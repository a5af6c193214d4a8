// The servers domain's part of the method table (app/handlers.ts joins it): input
// schemas checked once at the boundary (IPC, the browser host), and the handlers.
// No operation here takes a path on this computer: `collect --out` is the command
// line's alone, so a page cannot make the core write where it likes.
import { z } from 'zod';
import { COLLECT_TIME } from './clock';
import { ServersDomain, type CollectorHost, type ServersOptions } from './service';
import type { IsoMonth } from '../billing/types';
import type { AuditEntry, CollectionMonth, CollectResult, DomainMailboxes, EasChangeResult, LimitsResult, ServerAdded, ServerInfo, ServerSummary, SetLimitResult } from './types';

const serverName = z.string().trim().min(1).max(63);
const domain = z.string().trim().min(1).max(253);

export const serverInputSchemas = {
  serversList: z.object({}).strict(),
  serversAdd: z.object({
    name: serverName,
    url: z.string().trim().min(1).max(2048),
    license: z.string().trim().min(1).max(200),
    user: z.string().trim().min(1).max(200).optional(),
    password: z.string().min(1).max(1024),
    fingerprint: z.string().trim().max(200).optional(),
    allowHttp: z.boolean().optional(),
  }).strict(),
  serversRemove: z.object({ name: serverName }).strict(),
  collect: z.object({ names: z.array(serverName).max(1000).optional() }).strict(),
  limits: z.object({ name: serverName }).strict(),
  easMailboxes: z.object({ name: serverName, domain }).strict(),
  setLimit: z.object({ name: serverName, domain, max: z.number().int().min(0).max(10_000_000) }).strict(),
  setEas: z.object({ name: serverName, addresses: z.array(z.string().trim().min(3).max(320)).min(1).max(10_000), enable: z.boolean() }).strict(),
  collections: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM') }).strict(),
  collectTime: z.object({}).strict(),
  setCollectTime: z.object({ time: z.string().regex(COLLECT_TIME, 'a time of day as HH:MM').nullable() }).strict(),
  auditLog: z.object({ server: serverName.optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
};

export type ServerHandlerName = keyof typeof serverInputSchemas;

export interface ServerHandlerOutputs {
  serversList: ServerSummary[];
  serversAdd: ServerAdded;
  serversRemove: ServerInfo;
  collect: CollectResult[];
  limits: LimitsResult;
  easMailboxes: DomainMailboxes;
  setLimit: SetLimitResult;
  setEas: EasChangeResult;
  auditLog: AuditEntry[];
  collections: CollectionMonth;
  collectTime: { time: string | null };
  setCollectTime: { time: string | null };
}

export type ServerHandlers = { [K in ServerHandlerName]: (input: z.input<(typeof serverInputSchemas)[K]>) => Promise<ServerHandlerOutputs[K]> };

/** One domain object per host: its prepared statements and credential store are kept. */
const domains = new WeakMap<CollectorHost, ServersDomain>();

export function serversOf(host: CollectorHost, options?: ServersOptions): ServersDomain {
  let d = domains.get(host);
  if (!d) {
    d = new ServersDomain(host, options);
    domains.set(host, d);
  }
  return d;
}

export function createServerHandlers(host: CollectorHost, options?: ServersOptions): ServerHandlers {
  const servers = () => serversOf(host, options);
  return {
    serversList: async () => servers().list(),
    serversAdd: async (input) => servers().add(input),
    serversRemove: async ({ name }) => servers().remove(name),
    collect: async ({ names }) => servers().collect(names ?? []),
    limits: async ({ name }) => servers().limits(name),
    easMailboxes: async ({ name, domain: d }) => servers().easMailboxes(name, d),
    setLimit: async ({ name, domain: d, max }) => servers().setLimit(name, d, max),
    setEas: async ({ name, addresses, enable }) => servers().setEas(name, addresses, enable),
    auditLog: async ({ server, limit }) => servers().auditLog(limit, server),
    collections: async ({ month }) => servers().collectionMonth(month as IsoMonth),
    collectTime: async () => ({ time: servers().collectTime() }),
    setCollectTime: async ({ time }) => servers().setCollectTime(time),
  };
}
