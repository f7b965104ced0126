import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { DestinationStream, LevelWithSilent } from 'pino';
import { logContextBindings, requestLogFields } from './log-context';

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Keys whose values never reach a log line, at the top level or nested one or two levels deep. */
export const REDACTED_KEYS = [
  'apiKey',
  'secretKey',
  'secret',
  'token',
  'clientId',
  'password',
  'DATABASE_URL',
  'AMQP_URL',
] as const;

export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** Paths whose first segment after the prefix is a secret: hook and feed tokens, the clientId of the settings page. */
const SECRET_PATH = /^\/(hooks|feeds|settings)\/[^/?#]+/i;

/** A request URL as logs may show it: the secret segment of `/hooks/…`, `/feeds/…`, `/settings/…` replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, (_match, prefix: string) => `/${prefix}/[redacted]`);
}

interface SerializedRequest {
  url?: string;
  params?: unknown;
  [key: string]: unknown;
}

/** The request of the access log: the URL without secrets, and no route params (they repeat the URL). */
function serializeRequest(req: SerializedRequest): SerializedRequest {
  const { params: _params, ...rest } = req;
  return { ...rest, url: typeof req.url === 'string' ? redactUrl(req.url) : req.url };
}

// A caller-supplied id is kept only if it is short and harmless in a log line.
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;
const UNLOGGED_URL = /^\/(health|metrics)(\/|\?|$)/;

/** Options that exist mainly for tests. */
export interface LoggingOptions {
  /** Where JSON lines go; stdout when omitted. */
  stream?: DestinationStream;
}

/** nestjs-pino parameters for a service: JSON lines, request ids, quiet probes, redacted secrets. */
export function buildLoggerParams(
  service: string,
  level: LevelWithSilent,
  options: LoggingOptions = {},
): Params {
  const pinoHttp: Params['pinoHttp'] = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { req: serializeRequest },
    genReqId: requestId,
    // The fields of runWithLogContext (messageId, accountId, …) on every line logged inside it.
    mixin: logContextBindings,
    // Logs made while handling a request carry its id only; the completion line carries the rest.
    quietReqLogger: true,
    // What assignToRequestLog added (the account), also when the line is written outside the
    // request's async context (a connection closed by the client).
    customSuccessObject: (req, _res, line: object) => ({ ...requestLogFields(req), ...line }),
    customErrorObject: (req, _res, _error, line: object) => ({ ...requestLogFields(req), ...line }),
    autoLogging: { ignore: (req) => UNLOGGED_URL.test(req.url ?? '') },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
  return { pinoHttp: options.stream ? [pinoHttp, options.stream] : pinoHttp };
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
