import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

// Test support only (excluded from the build): a real HTTP server on 127.0.0.1 that records what
// the client sends, checks it the way RetailCRM would, and answers with recorded fixtures.

/** The vendor's recorded answers, read in place from the shared checkout next to this one. */
export const FIXTURES_DIR =
  process.env.RETAILCRM_FIXTURES_DIR ??
  resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'retailcrm');

/** The text of a fixture file. */
export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

/** A fixture file, parsed. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Every fixture file name. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body read as a form. */
  form: URLSearchParams;
  /** performance.now() at arrival. */
  at: number;
}

/** An answer: `body` as an object is sent as JSON, as a string as is. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** `headers`: never answer; `body`: send the head and part of the body, then stall. */
  hang?: 'headers' | 'body';
}

export type Handler = (request: SeenRequest) => Reply | Promise<Reply>;

/** A running server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: SeenRequest[];
  /** Replaces the handler. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, on a free port. */
export async function startTestServer(handler: Handler = () => ({ status: 404 })): Promise<TestServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        form: new URLSearchParams(body),
        at: performance.now(),
      };
      requests.push(seen);
      Promise.resolve(current(seen)).then(
        (reply) => send(res, reply),
        (error: unknown) => send(res, { status: 599, body: String(error) }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (next) => {
      current = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.hang === 'headers') return;
  const json = typeof reply.body !== 'string' && reply.body !== undefined;
  const text = json ? JSON.stringify(reply.body) : ((reply.body as string | undefined) ?? '');
  res.writeHead(reply.status ?? 200, {
    'Content-Type': json ? 'application/json; charset=UTF-8' : 'text/html; charset=UTF-8',
    ...reply.headers,
  });
  if (reply.hang === 'body') {
    res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    return;
  }
  res.end(text);
}

/** One method of the fake API. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Checks the request; a returned text is answered as a 400, as RetailCRM answers bad input. */
  check?: (request: SeenRequest) => string | undefined;
  reply: Reply | ((request: SeenRequest) => Reply);
}

/**
 * A handler that behaves like RetailCRM for `routes`: a wrong or missing `X-API-KEY` is refused
 * with 403, an unknown method with 404, a POST that is not form-encoded with 400.
 */
export function fakeRetailCrm(apiKey: string, routes: Route[]): Handler {
  return (request) => {
    if (request.headers['x-api-key'] !== apiKey) {
      return { status: 403, body: { success: false, errorMsg: 'Wrong "apiKey" value.' } };
    }
    const route = routes.find((r) => r.method === request.method && r.path === request.path);
    if (!route) return { status: 404, body: { success: false, errorMsg: 'API method not found' } };
    if (
      request.method === 'POST' &&
      !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')
    ) {
      return { status: 400, body: { success: false, errorMsg: 'expected a form-encoded body' } };
    }
    const problem = route.check?.(request);
    if (problem) return { status: 400, body: { success: false, errorMsg: `test server: ${problem}` } };
    return typeof route.reply === 'function' ? route.reply(request) : route.reply;
  };
}

/** A 200 answer with a fixture's JSON, sent byte for byte as recorded. */
export function fixtureReply(name: string, status = 200): Reply {
  return { status, body: fixtureText(name), headers: { 'Content-Type': 'application/json; charset=UTF-8' } };
}

/** Check helper: the form field `name` holds JSON; gives it parsed, or a problem text. */
export function formJson(request: SeenRequest, name: string): unknown {
  const text = request.form.get(name);
  if (text === null) throw new Error(`form field ${name} is missing`);
  return JSON.parse(text) as unknown;
}

/** Check helper: every `name=value` pair is in the params; gives the first missing one. */
export function missingParam(params: URLSearchParams, expected: Record<string, string>): string | undefined {
  const missing = Object.entries(expected).find(([name, value]) => params.get(name) !== value);
  return missing && `expected ${missing[0]}=${missing[1]}, got ${params.get(missing[0])}`;
}
