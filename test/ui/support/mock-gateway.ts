import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { flattenValidationErrors } from '../../../libs/common/src/validation/validation-errors';
import { AccessSettingsDto } from '../../../libs/settings/src/tabs/access.dto';
import { CustomerSettingsDto } from '../../../libs/settings/src/tabs/customers.dto';
import { FieldSettingsDto } from '../../../libs/settings/src/tabs/fields.dto';
import { MindboxSettingsDto } from '../../../libs/settings/src/tabs/mindbox.dto';
import { OrderSettingsDto } from '../../../libs/settings/src/tabs/orders.dto';
import { ProductSettingsDto } from '../../../libs/settings/src/tabs/products.dto';

// DEV AID, not a test: a stand-in for the gateway's settings API, so the settings page can be
// built and clicked through before (or without) the real stack. It validates with the real tab
// DTOs, answers 422 the way the gateway does, and can serve made-up sync data (`withSync`),
// which the gateway does not have yet. The real browser test is ../settings-page.e2e-spec.ts.
//
//   npx ts-node -T test/ui/support/mock-gateway.ts   # then open the printed URL
//   (cd apps/gateway/ui && SETTINGS_UI_API=http://127.0.0.1:3300 npm run dev)

const UI_DIST = join(__dirname, '..', '..', '..', 'apps', 'gateway', 'ui', 'dist');
const MASK = '••••';
const API_KEY = 'demo-retailcrm-key';
const MINDBOX_SECRET = 'demo-mindbox-secret';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

type Tab = 'access' | 'mindbox' | 'customers' | 'orders' | 'products' | 'fields';
const DTOS: Record<Tab, new () => object> = {
  access: AccessSettingsDto,
  mindbox: MindboxSettingsDto,
  customers: CustomerSettingsDto,
  orders: OrderSettingsDto,
  products: ProductSettingsDto,
  fields: FieldSettingsDto,
};

type Json = Record<string, unknown>;

interface MockAccount {
  retailcrmUrl: string;
  apiKey: string;
  sites: string[];
  hookToken: string;
  secretKey?: string;
  tabs: Partial<Record<Exclude<Tab, 'access'>, Json>>;
}

const refs = (pairs: [string, string][], extra: Json = {}) =>
  pairs.map(([code, name]) => ({ code, name, active: true, ...extra }));

/** Dictionaries like the sandbox's demo account. */
export const MOCK_REFERENCES = {
  sites: refs([
    ['demo-shop', 'Демо-магазин'],
    ['demo-outlet', 'Демо-аутлет'],
  ]),
  orderStatuses: [
    ...refs([['new', 'Новый']], { group: 'new' }),
    ...refs(
      [
        ['availability-confirmed', 'Наличие подтверждено'],
        ['client-confirmed', 'Согласовано с клиентом'],
      ],
      { group: 'approval' },
    ),
    ...refs(
      [
        ['send-to-delivery', 'Передан в доставку'],
        ['delivering', 'Доставляется'],
      ],
      { group: 'delivery' },
    ),
    ...refs([['complete', 'Выполнен']], { group: 'complete' }),
    ...refs([['cancel-other', 'Отменен']], { group: 'cancel' }),
  ],
  statusGroups: [
    { code: 'new', name: 'Новый', active: true, statuses: ['new'] },
    {
      code: 'approval',
      name: 'Согласование',
      active: true,
      statuses: ['availability-confirmed', 'client-confirmed'],
    },
    { code: 'delivery', name: 'Доставка', active: true, statuses: ['send-to-delivery', 'delivering'] },
    { code: 'complete', name: 'Выполнен', active: true, statuses: ['complete'] },
    { code: 'cancel', name: 'Отменен', active: true, statuses: ['cancel-other'] },
  ],
  orderMethods: refs([
    ['phone', 'По телефону'],
    ['shopping-cart', 'Через корзину'],
    ['one-click', 'В один клик'],
  ]),
  productStatuses: refs([
    ['new', 'Добавлен'],
    ['saled', 'Продан'],
    ['failure', 'Отказ клиента'],
    ['returned', 'Возврат'],
  ]),
  customFields: {
    customer: [{ code: 'loyalty_card', name: 'Карта лояльности', type: 'string' }],
    order: [{ code: 'courier_comment', name: 'Комментарий курьеру', type: 'text' }],
  },
};

function mask(secret: string): string {
  return secret.length > 8 ? `${MASK}${secret.slice(-4)}` : MASK;
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

const invalid = (errors: Record<string, string>) => ({
  status: 422,
  body: { message: 'The settings were not saved: some fields need fixing', errors },
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

export interface MockGateway {
  url: string;
  /** A connected account, as `POST /api/v1/accounts` makes it. */
  connect(): string;
  close(): Promise<void>;
}

/** Starts the mock on a free port of 127.0.0.1 (or `port`). */
export async function startMockGateway(
  options: { port?: number; withSync?: boolean } = {},
): Promise<MockGateway> {
  const accounts = new Map<string, MockAccount>();
  let url = '';

  const connect = (retailcrmUrl = 'http://127.0.0.1:3200/crm/demo'): string => {
    const clientId = randomBytes(32).toString('hex');
    accounts.set(clientId, {
      retailcrmUrl,
      apiKey: API_KEY,
      sites: [],
      hookToken: randomBytes(24).toString('hex'),
      tabs: {},
    });
    return clientId;
  };

  const view = (account: MockAccount) => ({
    access: {
      retailcrmUrl: account.retailcrmUrl,
      apiKey: mask(account.apiKey),
      sites: account.sites,
      hookUrl: `${url}/hooks/${account.hookToken}`,
    },
    mindbox:
      account.tabs.mindbox && account.secretKey
        ? { ...account.tabs.mindbox, secretKey: mask(account.secretKey) }
        : null,
    customers: account.tabs.customers ?? null,
    orders: account.tabs.orders ?? null,
    products: account.tabs.products ?? null,
    fields: account.tabs.fields ?? null,
  });

  function save(account: MockAccount, tab: Tab, body: Json): { status: number; body: unknown } {
    const typedSecret = (value: unknown) =>
      typeof value === 'string' && value !== '' && !value.startsWith(MASK) ? value : undefined;
    const secretField = tab === 'access' ? 'apiKey' : tab === 'mindbox' ? 'secretKey' : undefined;
    const typed = secretField ? typedSecret(body[secretField]) : undefined;
    const checked = secretField ? { ...body, [secretField]: typed ?? 'kept' } : body;
    const errors = flattenValidationErrors(
      validateSync(plainToInstance(DTOS[tab], checked), { whitelist: true, forbidNonWhitelisted: true }),
    );
    if (Object.keys(errors).length > 0) return invalid(errors);

    if (tab === 'access') {
      if (typed !== undefined && typed !== API_KEY)
        return invalid({ apiKey: 'RetailCRM refused this API key' });
      const sites = body.sites as string[];
      const known = new Set(MOCK_REFERENCES.sites.map((site) => site.code));
      const unknown = Object.fromEntries(
        sites.flatMap((site, i) => (known.has(site) ? [] : [[`sites[${i}]`, `There is no shop "${site}"`]])),
      );
      if (Object.keys(unknown).length > 0) return invalid(unknown);
      account.retailcrmUrl = String(body.retailcrmUrl);
      account.apiKey = typed ?? account.apiKey;
      account.sites = sites;
      return { status: 200, body: view(account).access };
    }
    if (tab === 'mindbox') {
      const secret = typed ?? account.secretKey;
      if (!secret) return invalid({ secretKey: 'Enter the secret key of the endpoint' });
      if (secret !== MINDBOX_SECRET) return invalid({ secretKey: 'Mindbox refused the secret key' });
      account.secretKey = secret;
      account.tabs.mindbox = { ...body, secretKey: undefined };
      return { status: 200, body: view(account).mindbox };
    }
    if (tab === 'orders') {
      const conditions = body.conditions as Record<string, string[]>;
      const statuses = new Set(MOCK_REFERENCES.orderStatuses.map((s) => s.code));
      const unknown: Record<string, string> = {};
      for (const [list, codes] of Object.entries(conditions)) {
        if (list === 'orderMethods') continue;
        codes.forEach((code, i) => {
          if (!statuses.has(code)) unknown[`conditions.${list}[${i}]`] = `There is no order status "${code}"`;
        });
      }
      if (Object.keys(unknown).length > 0) return invalid(unknown);
    }
    account.tabs[tab] = body;
    return { status: 200, body };
  }

  async function api(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    if (method === 'POST' && path === '/api/v1/accounts') {
      const body = (await readJson(request)) as Json;
      if (body.apiKey !== API_KEY)
        return send(response, 422, invalid({ apiKey: 'RetailCRM refused this API key' }).body);
      const clientId = connect(String(body.retailcrmUrl));
      return send(response, 201, { clientId, accountUrl: `${url}/settings/${clientId}` });
    }
    const bearer = /^Bearer ([0-9a-f]{64})$/i.exec(request.headers.authorization ?? '');
    const account = bearer ? accounts.get(bearer[1]) : undefined;
    if (!account)
      return send(response, 401, {
        message: 'A valid "Authorization: Bearer <clientId>" header is required',
      });

    if (method === 'GET' && path === '/api/v1/settings') return send(response, 200, view(account));
    if (method === 'GET' && path === '/api/v1/references') return send(response, 200, MOCK_REFERENCES);
    if (method === 'POST' && path === '/api/v1/settings/access/hook-token') {
      account.hookToken = randomBytes(24).toString('hex');
      return send(response, 200, { hookUrl: `${url}/hooks/${account.hookToken}` });
    }
    const tab = /^\/api\/v1\/settings\/(access|mindbox|customers|orders|products|fields)$/.exec(path)?.[1] as
      Tab | undefined;
    if (method === 'PUT' && tab) {
      const answer = save(account, tab, (await readJson(request)) as Json);
      return send(response, answer.status, answer.body);
    }
    if (path.startsWith('/api/v1/sync/') && options.withSync) return sync(method, path, response);
    return send(response, 404, { message: 'Not Found' });
  }

  function sync(method: string, path: string, response: ServerResponse): void {
    // Shaped like customer-sync's status reader (apps/customer-sync/src/status).
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    if (method === 'GET' && path === '/api/v1/sync/status') {
      return send(response, 200, {
        customers: {
          entity: 'customers',
          fullLoad: {
            status: 'running',
            total: 5000,
            done: 1240,
            rate: 10,
            startedAt: at(2),
            lastError: null,
          },
          live: { lastPollAt: at(0), lastError: null, lastErrorAt: null },
          pendingMessages: 12,
          counters: { synced: 1236, rejected: 3, warnings: 0, failed: 1 },
          lastError: { id: 2, crmId: 1042, at: at(4), text: 'Mindbox: ValidationError: email is not valid' },
        },
        orders: {
          entity: 'orders',
          fullLoad: null,
          pendingMessages: 0,
          counters: { synced: 318, failed: 1 },
        },
      });
    }
    if (method === 'GET' && path === '/api/v1/sync/journal') {
      const entry = (
        id: number,
        minutes: number,
        crmId: number,
        mindboxOperation: string,
        outcome: string,
      ) => ({
        id,
        entity: 'customer',
        crmId,
        mindboxOperation,
        outcome,
        at: at(minutes),
        error: outcome === 'synced' ? null : 'Mindbox answered 503 five times; parked',
        retryable: outcome !== 'synced',
      });
      return send(response, 200, {
        entries: [
          entry(3, 1, 1043, 'Website.EditCustomer', 'synced'),
          entry(2, 4, 1042, 'Website.RegisterCustomer', 'parked'),
          entry(1, 9, 1041, 'Website.RegisterCustomer', 'synced'),
        ],
        nextBeforeId: null,
      });
    }
    if (method === 'POST' && /^\/api\/v1\/sync\/(journal\/[^/]+\/retry|full-load)$/.test(path)) {
      return send(response, 202, { accepted: true });
    }
    return send(response, 404, { message: 'Not Found' });
  }

  async function page(response: ServerResponse, path: string): Promise<void> {
    const file = path.startsWith('/settings/assets/')
      ? normalize(join(UI_DIST, path.slice('/settings/'.length)))
      : join(UI_DIST, 'index.html');
    if (!file.startsWith(UI_DIST)) return send(response, 404);
    try {
      const content = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(content);
    } catch {
      send(response, 404, { message: 'Not Found' });
    }
  }

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://mock').pathname;
    const handle = path.startsWith('/api/') ? api(request, response, path) : page(response, path);
    handle.catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connect: () => connect(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  void startMockGateway({
    port: Number(process.env.PORT ?? 3300),
    withSync: process.env.MOCK_SYNC !== '0',
  }).then((mock) => {
    const clientId = mock.connect();
    console.log(`mock gateway: ${mock.url}/settings/${clientId}?lang=ru`);
  });
}
