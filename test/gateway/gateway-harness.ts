import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { freePort } from '../sandbox/retailcrm-fake-module';

// The gateway and the sandbox in this process, each on its own port of 127.0.0.1: the sandbox's
// marketplace calls the gateway, the gateway calls the sandbox's RetailCRM and Mindbox.

export const MODULE_SECRET = 'gateway-e2e-module-secret';
export const MODULE_CODE = 'mindbox-e2e';

// Answers are read loosely: any key may be reached and checked.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, unknown>;
  /** A raw body, sent as is with the given headers. */
  raw?: string;
  /** `Authorization: Bearer <clientId>`. */
  clientId?: string;
}

/** One HTTP call; JSON bodies are parsed, anything else is kept as text. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.clientId !== undefined) headers.authorization = `Bearer ${init.clientId}`;
  let body: string | undefined = init.raw;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(
      Object.entries(init.form).map(([key, value]): [string, string] => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ).toString();
  }
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  let parsed: Json = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text is the body.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** A RetailCRM account of the sandbox connected to the gateway. */
export interface Connected {
  code: string;
  clientId: string;
  accountUrl: string;
  apiKey: string;
  systemUrl: string;
}

/** The gateway (GatewayModule, set up as `main.ts` does) and the sandbox, seeded with the demo. */
export class GatewayStack {
  private constructor(
    readonly gateway: INestApplication,
    readonly sandbox: INestApplication,
    readonly gatewayUrl: string,
    readonly sandboxUrl: string,
  ) {}

  /** Boots both; `env` adds to (or overrides) the gateway's environment of the tests. */
  static async start(env: Record<string, string> = {}): Promise<GatewayStack> {
    const [gatewayPort, sandboxPort] = await Promise.all([freePort(), freePort()]);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    // Both apps read the environment when their modules load: set it first, then load them.
    Object.assign(process.env, {
      PUBLIC_URL: gatewayUrl,
      ALLOW_PRIVATE_URLS: 'true',
      RETAILCRM_MODULE_SECRET: MODULE_SECRET,
      RETAILCRM_MODULE_CODE: MODULE_CODE,
      THROTTLE_LIMIT: '10000',
      SANDBOX_PUBLIC_URL: sandboxUrl,
      MODULE_URL: gatewayUrl,
      SANDBOX_SEED: 'demo',
      LOG_LEVEL: process.env.GATEWAY_TEST_LOG_LEVEL ?? 'fatal',
      ...env,
    });
    const { SandboxModule } = await import('../../apps/sandbox/src/sandbox.module');
    const { GatewayModule } = await import('../../apps/gateway/src/gateway.module');
    const { setUpGateway } = await import('../../apps/gateway/src/gateway.setup');
    const { connectMessaging } = await import('@app/messaging');

    const sandboxRef = await Test.createTestingModule({ imports: [SandboxModule] }).compile();
    const sandbox = sandboxRef.createNestApplication({ logger: false });
    await sandbox.listen(sandboxPort, '127.0.0.1');

    const gatewayRef = await Test.createTestingModule({ imports: [GatewayModule] }).compile();
    const gateway = gatewayRef.createNestApplication({ logger: false });
    setUpGateway(gateway);
    await connectMessaging(gateway);
    await gateway.startAllMicroservices();
    await gateway.listen(gatewayPort, '127.0.0.1');
    return new GatewayStack(gateway, sandbox, gatewayUrl, sandboxUrl);
  }

  get db(): DataSource {
    return this.gateway.get(DataSource);
  }

  /** A call to the gateway. */
  api(path: string, init: RequestInit = {}): Promise<Answer> {
    return call(`${this.gatewayUrl}${path}`, init);
  }

  /** A call to the sandbox's control API that must succeed. */
  async control(path: string, json?: unknown, method?: string): Promise<Json> {
    const answer = await call(`${this.sandboxUrl}/control${path}`, {
      method: method ?? (json === undefined ? 'GET' : 'POST'),
      json,
    });
    if (answer.status >= 300) throw new Error(`control ${path} -> ${answer.status} ${answer.text}`);
    return answer.body;
  }

  /** The RetailCRM address of a sandbox account, as the marketplace sends it. */
  crmUrl(code: string): string {
    return `${this.sandboxUrl}/crm/${code}`;
  }

  /** A new sandbox account (no rate limit) with the demo's shops; gives its code and key. */
  async crmAccount(options: Record<string, unknown> = {}): Promise<{ code: string; apiKey: string }> {
    const created = await this.control('/retailcrm/accounts', {
      rateLimit: 0,
      sites: ['demo-shop', 'demo-outlet'],
      ...options,
    });
    return { code: created.code, apiKey: created.apiKey };
  }

  /** Connects a sandbox account by the marketplace's simple connection; fails unless the module said yes. */
  async register(code: string): Promise<Connected> {
    const answer = await this.control(`/retailcrm/accounts/${code}/register`, { moduleUrl: this.gatewayUrl });
    if (answer.register.status !== 200) throw new Error(`register -> ${JSON.stringify(answer.register)}`);
    const accountUrl: string = answer.register.body.accountUrl;
    return {
      code,
      clientId: accountUrl.split('/').at(-1) as string,
      accountUrl,
      apiKey: answer.apiKey,
      systemUrl: answer.systemUrl,
    };
  }

  /** The integration modules registered in a sandbox account, clientId included. */
  async modules(code: string): Promise<Json[]> {
    return (await this.control(`/retailcrm/accounts/${code}/integration-modules`)).integrationModules;
  }

  /** The stored account row of a clientId. */
  async account(clientId: string): Promise<Json> {
    const [row] = await this.db.query(`SELECT * FROM account WHERE client_id = $1`, [clientId]);
    return row;
  }

  /** The outbox rows of an account, oldest first. */
  async outbox(accountId: string, routingKey?: string): Promise<Json[]> {
    return this.db.query(
      `SELECT routing_key, payload FROM outbox_message WHERE account_id = $1 AND ($2::text IS NULL OR routing_key = $2) ORDER BY created_at`,
      [accountId, routingKey ?? null],
    );
  }

  async close(): Promise<void> {
    await this.gateway.close();
    await this.sandbox.close();
  }
}
