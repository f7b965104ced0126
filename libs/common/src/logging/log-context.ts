import type { PinoLogger } from 'nestjs-pino';

let contextLogger: PinoLogger | undefined;

/** @internal Called by LoggingModule once the application logger exists; not part of the public API. */
export function setContextLogger(logger: PinoLogger | undefined): void {
  contextLogger = logger;
}

/**
 * Runs `fn` so that every line logged inside it — through an injected `PinoLogger` or a Nest
 * `Logger` — carries `bindings` (e.g. `{ messageId, accountId }`), across every `await`.
 * Contexts nest: inner bindings add to outer ones and to the request id of an HTTP request.
 *
 * Before `LoggingModule` is initialised there is no logger to bind to, and `fn` simply runs.
 */
export function runWithLogContext<T>(bindings: Record<string, unknown>, fn: () => T): T {
  // nestjs-pino 5.2 keeps its AsyncLocalStorage private; runInContext is its public door to it.
  return contextLogger ? contextLogger.runInContext(fn, { bindings, inherit: true }) : fn();
}
