import { DEFAULT_AMQP_URL, DEFAULT_DATABASE_URL } from '../config/base.env';
import { maskUrl } from '../config/mask-url';
import { InvalidEnvironmentError } from '../config/validate-env';

interface Dependency {
  what: string;
  variable: 'DATABASE_URL' | 'AMQP_URL';
  url: string;
  defaultPort: number;
}

// SQLSTATE classes that mean "could not open a usable session": connection exception, invalid
// authorization, unknown database, server starting up or shutting down, too many connections.
const PG_CONNECT_STATES = /^(08|28|3D|57P0[1-3]|53300)/;
const PG_CONNECT_MESSAGES = /^Connection terminated|does not support SSL|password authentication failed/;
const AMQP_CONNECT_MESSAGES = /ACCESS[-_]REFUSED|Handshake terminated|Socket closed abruptly/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

type ErrorFields = Error & {
  code?: unknown;
  severity?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
  errors?: unknown;
};

/**
 * Turns a boot failure into one line naming the cause, without stack and with URL passwords
 * masked. Connection failures name the variable to fix (`DATABASE_URL`, `AMQP_URL`); environment
 * validation errors are already written for people and pass through.
 *
 * @param env where the connection URLs are read; `ConfigModule` has written defaults there by now
 */
export function describeStartupFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (error instanceof InvalidEnvironmentError) return error.message;
  if (!(error instanceof Error)) return oneLine(maskUrl(String(error)));

  const reason = oneLine(maskUrl(reasonOf(error)));
  const dependency = failedDependency(error as ErrorFields, env);
  if (!dependency) return reason;
  return `cannot connect to the ${dependency.what} at ${dependency.variable}=${maskUrl(dependency.url)} (${reason})`;
}

function failedDependency(error: ErrorFields, env: NodeJS.ProcessEnv): Dependency | undefined {
  const database: Dependency = {
    what: 'database',
    variable: 'DATABASE_URL',
    url: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    defaultPort: 5432,
  };
  const broker: Dependency = {
    what: 'broker',
    variable: 'AMQP_URL',
    url: env.AMQP_URL || DEFAULT_AMQP_URL,
    defaultPort: 5672,
  };

  const isPgError = typeof error.severity === 'string' && typeof error.code === 'string';
  if (isPgError) return PG_CONNECT_STATES.test(error.code as string) ? database : undefined;
  if (PG_CONNECT_MESSAGES.test(error.message)) return database;
  if (AMQP_CONNECT_MESSAGES.test(error.message)) return broker;

  // A socket error only says where it tried to go; match that against the two URLs.
  const socketError = firstSocketError(error);
  if (!socketError) return undefined;
  return [database, broker].find((dependency) => isTarget(socketError, dependency));
}

// Node reports a refused connection to a multi-address host as an AggregateError of attempts.
function firstSocketError(error: ErrorFields): ErrorFields | undefined {
  if (typeof error.code !== 'string' || !NETWORK_CODES.has(error.code)) return undefined;
  if (Array.isArray(error.errors) && error.errors[0] instanceof Error) return error.errors[0] as ErrorFields;
  return error;
}

function isTarget(error: ErrorFields, dependency: Dependency): boolean {
  let url: URL;
  try {
    url = new URL(dependency.url);
  } catch {
    return false;
  }
  if (typeof error.hostname === 'string') return error.hostname === url.hostname;
  const port = Number(url.port || dependency.defaultPort);
  return error.port === port;
}

function reasonOf(error: ErrorFields): string {
  if (error.message) return error.message;
  const first = Array.isArray(error.errors) ? (error.errors[0] as unknown) : undefined;
  if (first instanceof Error && first.message) return first.message;
  return typeof error.code === 'string' ? error.code : error.name;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
