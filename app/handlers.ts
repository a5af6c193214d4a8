// The method table every face of the app shares: the Electron IPC bridge, the
// browser host and the command line call these by name. Each domain module in
// ./domains holds its operations' input schemas (zod) and handlers; this file
// only joins them. A new domain is one module and one line in DOMAINS.
import type { z } from 'zod';
import type { Core, HandlerContext } from './core';
import { InputError } from './errors';
import { FILE_OPERATIONS } from './file-operations';
import { issueSentence } from './domains/issues';
import * as imports from './domains/imports';
import * as invoices from './domains/invoices';
import * as licenses from './domains/licenses';
import * as months from './domains/months';
import * as progress from './domains/progress';
import * as quotes from './domains/quotes';
import * as review from './domains/review';
import * as safety from './domains/safety';
import * as servers from './domains/servers';
import * as settings from './domains/settings';

export type { HandlerContext };

interface Domain {
  schemas: Record<string, z.ZodType>;
  handlers: (core: Core, ctx: HandlerContext) => object;
}

const DOMAINS = { imports, months, progress, licenses, review, invoices, quotes, settings, servers, safety } satisfies Record<string, Domain>;

type Domains = typeof DOMAINS;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type DomainHandlers<D extends Domain> = ReturnType<D['handlers']>;

// Each domain's handlers are exactly its schemas' operations, each taking what
// its schema yields: checked here, by the compiler, for every domain at once.
type Fits<D extends Domain> =
  DomainHandlers<D> extends { [K in keyof D['schemas']]: (input: z.output<D['schemas'][K]>) => Promise<unknown> }
    ? (keyof DomainHandlers<D> extends keyof D['schemas'] ? true : false)
    : false;
type Assert<T extends true> = T;
/** Exported only so that the check is not an unused type; it fails to compile when a domain does not fit. */
export type DomainsFit = Assert<{ [N in keyof Domains]: Fits<Domains[N]> }[keyof Domains] extends true ? true : false>;

type InputSchemas = UnionToIntersection<Domains[keyof Domains]['schemas']>;
export type Handlers = UnionToIntersection<DomainHandlers<Domains[keyof Domains]>>;
export type HandlerName = keyof InputSchemas & keyof Handlers & string;
/** What a caller writes (a month as a string). */
export type HandlerInput<K extends HandlerName> = z.input<InputSchemas[K]>;
/** What the handler answers: derived from the handlers, never kept by hand. */
export type HandlerOutputs = { [K in HandlerName]: Awaited<ReturnType<Handlers[K]>> };

function joinSchemas(): InputSchemas {
  const all: Record<string, z.ZodType> = {};
  for (const [domain, d] of Object.entries(DOMAINS)) {
    for (const [name, schema] of Object.entries(d.schemas)) {
      if (name in all) throw new Error(`The operation ${name} of ${domain} is also in another domain.`);
      all[name] = schema;
    }
  }
  return all as InputSchemas;
}

export const inputSchemas = joinSchemas();

export { FILE_OPERATIONS };
// Every file operation is an operation of the table.
for (const name of FILE_OPERATIONS) if (!(name in inputSchemas)) throw new Error(`FILE_OPERATIONS names ${name}, which is not an operation`);

export function createHandlers(core: Core, ctx: HandlerContext = {}): Handlers {
  return Object.assign({}, ...Object.values(DOMAINS).map((d) => d.handlers(core, ctx))) as Handlers;
}

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(inputSchemas, name);
}

type AnyHandler = (input: unknown) => Promise<unknown>;

/** Checks a call from outside (IPC, HTTP) and runs it; bad input is an InputError. */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<unknown> {
  if (!isHandlerName(name)) throw new InputError(`Unknown operation ${JSON.stringify(name)}.`);
  const parsed = (inputSchemas[name] as z.ZodType).safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue ? issueSentence(name, issue) : `The input of ${name} is not valid.`);
  }
  return (handlers[name] as AnyHandler)(parsed.data);
}

/** The table as a typed client: each call's input is checked like a call from outside. */
export type Api = { [K in HandlerName]: (input: HandlerInput<K>) => Promise<HandlerOutputs[K]> };

export function checkedApi(handlers: Handlers): Api {
  const api: Record<string, AnyHandler> = {};
  for (const name of Object.keys(inputSchemas)) api[name] = (input) => dispatch(handlers, name, input);
  return api as Api;
}
