import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';

// A tiny stand-in for the module's gateway on 127.0.0.1, speaking the marketplace protocol:
// config, register (checking the HMAC token, then registering itself through the CRM API) and
// activity. It records what it received.

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ReceivedCall {
  path: string;
  form: Record<string, string>;
}

export class FakeModule {
  readonly received: ReceivedCall[] = [];
  /** What the CRM answered to the module's own calls during register. */
  readonly crmAnswers: Record<string, unknown>[] = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly secret: string,
    readonly scopes = ['integration_read', 'integration_write', 'customer_read', 'order_read', 'order_write'],
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/retailcrm/config') {
      return send(res, 200, {
        success: true,
        scopes: this.scopes,
        registerUrl: `${this.url}/retailcrm/register`,
      });
    }
    const form = Object.fromEntries(new URLSearchParams(await body(req)));
    this.received.push({ path, form });
    if (path === '/retailcrm/register') return this.register(form, res);
    if (path === '/retailcrm/activity') return send(res, 200, { success: true });
    return send(res, 404, { success: false });
  }

  private async register(form: Record<string, string>, res: ServerResponse): Promise<void> {
    const { systemUrl, apiKey, token } = JSON.parse(form.register) as Record<string, string>;
    const expected = createHmac('sha256', this.secret).update(apiKey).digest();
    const given = Buffer.from(token, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return send(res, 401, {});

    const headers = { 'X-API-KEY': apiKey };
    const credentials = await fetch(`${systemUrl}/api/credentials`, { headers });
    this.crmAnswers.push((await credentials.json()) as Record<string, unknown>);
    const module = {
      code: 'mindbox-test-client',
      integrationCode: 'mindbox',
      active: true,
      name: 'Mindbox',
      clientId: 'test-client-id',
      baseUrl: `${this.url}/`,
      accountUrl: `${this.url}/settings/test-client-id`,
      actions: { activity: '/retailcrm/activity', settings: '/retailcrm/settings' },
    };
    const edit = await fetch(`${systemUrl}/api/v5/integration-modules/${module.code}/edit`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ integrationModule: JSON.stringify(module) }),
    });
    this.crmAnswers.push((await edit.json()) as Record<string, unknown>);
    return send(res, 200, { success: true, accountUrl: module.accountUrl });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
