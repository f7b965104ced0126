import { AsyncLocalStorage } from 'node:async_hooks';

type Bindings = Readonly<Record<string, unknown>>;

const contexts = new AsyncLocalStorage<Bindings>();

/**
 * Runs `fn` so that every line logged inside it — through an injected `PinoLogger` or a Nest
 * `Logger` — carries `bindings` (e.g. `{ messageId, accountId }`), across every `await`.
 * Contexts nest: inner bindings add to outer ones and to the request id of an HTTP request.
 */
export function runWithLogContext<T>(bindings: Record<string, unknown>, fn: () => T): T {
  return contexts.run({ ...contexts.getStore(), ...bindings }, fn);
}

/**
 * A copy of the bindings of the context the caller runs in, for pino's `mixin`: pino merges the
 * line's own fields into the object it gets, so it must be fresh each time.
 */
export function logContextBindings(): Record<string, unknown> {
  return { ...contexts.getStore() };
}
