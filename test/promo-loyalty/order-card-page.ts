import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call, Json } from '../gateway/gateway-harness';
import { GATEWAY } from './order-card-stack';

// The page RetailCRM would show around the extension, played by apps/order-card/harness/host.html:
// the built `order-card.js` in a Web Worker, the embed-ui host protocol, the CRM's components
// drawing the worker's instructions, and `httpCall` forwarded to the gateway with the clientId.

/** What the host page reads (`__CARD__`) and records (`__CARD_LOG__`), seen from the page. */
export type CardWindow = { __CARD__?: unknown; __CARD_LOG__?: Json };

const EXTENSION = join(__dirname, '..', '..', 'apps', 'order-card');
const HARNESS = join(EXTENSION, 'dist', 'harness');
export const PAGE_PORT = Number(process.env.PROMO_E2E_PAGE_PORT ?? 4614);
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** The CRM's side of the page: its files, the extension's files, and `httpCall` with the clientId added. */
export function startPageServer(clientId: string): Promise<Server> {
  const serveFile = (file: string, response: ServerResponse) => {
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = normalize(new URL(request.url ?? '/', 'http://page').pathname).replace(/^\/+/, '');
    if (request.method === 'POST' && path.startsWith('retailcrm/embed/')) {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const payload = new URLSearchParams(body).get('payload') ?? '';
        void call(`${GATEWAY}/${path}`, { form: { clientId, payload } }).then((answer) => {
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.text);
        });
      });
      return;
    }
    if (path === 'order-card.js' || path === 'order-card.css')
      return serveFile(join(EXTENSION, 'dist', path), response);
    const file = join(HARNESS, path || 'host.html');
    if (!file.startsWith(HARNESS)) return void response.writeHead(404).end();
    serveFile(file, response);
  });
  return new Promise((resolve) => server.listen(PAGE_PORT, '127.0.0.1', () => resolve(server)));
}

/** Builds the harness pages (apps/order-card/dist/harness); the extension must be built (`npm run ext:build`). */
export function buildHarness(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'vite.harness.config.ts', '--logLevel', 'error'], {
    cwd: EXTENSION,
    stdio: 'ignore',
  });
}

/** The `order/card` context of a card order (the shape `useContext()` gives the extension). */
export const contextOf = (order: Json): Json => ({
  id: order.id,
  externalId: null,
  site: order.site,
  'customer.id': order.customer?.id ?? null,
  'customer.externalId': null,
  items: order.items.map((item: Json) => ({
    id: item.id ?? null,
    index: item.index,
    type: 'PRODUCT',
    offer: { id: item.offer.id, name: item.offer.name ?? null, article: null },
    quantity: item.quantity,
    initialPrice: { amount: item.initialPrice, currency: 'RUB' },
    discounts: [],
    discountTotal: 0,
  })),
});

/** Opens the card page with an order and a CRM locale; resolves once the widget is mounted. */
export async function openCard(
  browser: Browser,
  order: Json,
  locale: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 700, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(
    (setup) => {
      (globalThis as unknown as CardWindow).__CARD__ = setup;
    },
    {
      order: contextOf(order),
      locale,
      customFields: [
        { code: 'mindbox_promo_code', kind: 'string' },
        { code: 'mindbox_discount', kind: 'integer' },
      ],
    },
  );
  await page.goto(`http://127.0.0.1:${PAGE_PORT}/host.html`);
  await page.waitForFunction(
    () => (globalThis as unknown as CardWindow).__CARD_LOG__?.ready === true,
    undefined,
    {
      timeout: 15_000,
    },
  );
  return { page, errors };
}

/** What the page recorded: the card's actions, custom fields written, `httpCall`s. */
export const cardLog = (page: Page): Promise<Json> =>
  page.evaluate(() => (globalThis as unknown as CardWindow).__CARD_LOG__);
