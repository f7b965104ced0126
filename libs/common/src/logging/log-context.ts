import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

type Bindings = Readonly<Record<string, unknown>>;
type Fields = Record<string, unknown>;

const contexts = new AsyncLocalStorage<Bindings>();
// What becomes known about an HTTP request while it is handled (its account, once authenticated):
// one object per request, filled in place, so every later line of the request sees it.
const requests = new AsyncLocalStorage<Fields>();
const requestFields = new WeakMap<IncomingMessage, Fields>();

/**
 * Runs `fn` so that every line logged inside it — through an injected `PinoLogger` or a Nest
 * `Logger` — carries `bindings` (e.g. `{ messageId, accountId }`), across every `await`.
 * Contexts nest: inner bindings add to outer ones and to the request id of an HTTP request.
 */
export function runWithLogContext<T>(bindings: Record<string, unknown>, fn: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...bindings }, fn);
}

/**
 * Adds `fields` (e.g. `{ accountId }` once the caller is authenticated) to every line logged from
 * now on while the current HTTP request is handled, its access-log line included. Outside an HTTP
 * request it does nothing, so code that also runs from jobs and tests may call it.
 */
export function assignToRequestLog(fields: Record<string, unknown>): void {
  const store = requests.getStore();
  if (store) Object.assign(store, fields);
}

/** @internal LoggingModule's middleware: handles the rest of `req` with room for {@link assignToRequestLog}. */
export function runRequestLogContext(req: IncomingMessage, next: () => void): void {
  const fields: Fields = {};
  requestFields.set(req, fields);
  requests.run(fields, next);
}

/** @internal What {@link assignToRequestLog} added to `req`, for its access-log line. */
export function requestLogFields(req: IncomingMessage): Record<string, unknown> {
  return { ...requestFields.get(req) };
}

/**
 * A copy of the bindings of the context the caller runs in, for pino's `mixin`: pino merges the
 * line's own fields into the object it gets, so it must be fresh each time.
 */
export function logContextBindings(): Record<string, unknown> {
  return { ...requests.getStore(), ...contexts.getStore() };
}
