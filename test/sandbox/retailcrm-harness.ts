import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module';

// Test support for the RetailCRM simulator: the sandbox on a real port, a thin client that
// speaks the API the way a module does (X-API-KEY, form bodies with JSON fields), and fixtures.

/** The vendor's recorded answers, in the shared checkout next to this one. */
export const RETAILCRM_FIXTURES =
  process.env.RETAILCRM_FIXTURES_DIR ??
  resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'retailcrm');

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(RETAILCRM_FIXTURES, name), 'utf8')) as unknown;
}

/** One HTTP answer: status, content type and the body (parsed when JSON). */
export interface Answer<T = Json> {
  status: number;
  type: string;
  body: T;
  text: string;
}

// Answers are read loosely in tests: any key may be reached and checked.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function request(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    form?: Record<string, unknown>;
    json?: unknown;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(
      Object.entries(init.form).map(([key, value]): [string, string] => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const method = init.method ?? (body !== undefined ? 'POST' : 'GET');
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: Json = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (the HTML page of an unknown account): the text is the body.
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: parsed, text };
}

/** A client of one simulated account, as the module's API client would call it. */
export class CrmClient {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  get(path: string, query = ''): Promise<Answer> {
    return request(`${this.baseUrl}${path}${query ? `?${query}` : ''}`, {
      headers: { 'X-API-KEY': this.apiKey },
    });
  }

  post(path: string, form: Record<string, unknown>): Promise<Answer> {
    return request(`${this.baseUrl}${path}`, { headers: { 'X-API-KEY': this.apiKey }, form });
  }

  withKey(apiKey: string): CrmClient {
    return new CrmClient(this.baseUrl, apiKey);
  }
}

/** The sandbox app listening on a free port of 127.0.0.1. */
export class SandboxHarness {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  /** Boots the sandbox on `port` (a free one by default). */
  static async start(port = 0): Promise<SandboxHarness> {
    const moduleRef = await Test.createTestingModule({ imports: [SandboxModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(port, '127.0.0.1');
    return new SandboxHarness(app, (await app.getUrl()).replace('[::1]', '127.0.0.1'));
  }

  control(path: string, init: { method?: string; json?: unknown } = {}): Promise<Answer> {
    return request(`${this.url}/control/retailcrm${path}`, {
      method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
      json: init.json,
    });
  }

  /** A new account (no rate limit unless asked) and a client holding its key. */
  async account(options: Record<string, unknown> = {}): Promise<{ code: string; client: CrmClient }> {
    const created = await this.control('/accounts', { json: { rateLimit: 0, ...options } });
    if (created.status !== 201) throw new Error(`account not created: ${created.text}`);
    const { code, apiKey } = created.body as { code: string; apiKey: string };
    return { code, client: new CrmClient(`${this.url}/crm/${code}`, apiKey) };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
