import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call, Json } from '../gateway/gateway-harness';
import { launchChromium } from '../ui/support/browser';
import { cardOrder, GATEWAY, OrderCardStack, startOrderCardStack } from './order-card-stack';

// The built extension as RetailCRM runs it: `order-card.js` in a Web Worker of a page that plays
// the CRM (apps/order-card/harness/host.html: the embed-ui host protocol, the CRM's components
// drawing the worker's instructions), whose `httpCall` reaches the real gateway, RabbitMQ,
// promo-loyalty and the sandbox's Mindbox. Chromium is Debian's, driven by playwright-core.

/** What the host page reads (`__CARD__`) and records (`__CARD_LOG__`), seen from the page. */
type CardWindow = { __CARD__?: unknown; __CARD_LOG__?: Json };

const EXTENSION = join(__dirname, '..', '..', 'apps', 'order-card');
const HARNESS = join(EXTENSION, 'dist', 'harness');
const PAGE_PORT = Number(process.env.PROMO_E2E_PAGE_PORT ?? 4614);
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** The CRM's side of the page: its files, the extension's files, and `httpCall` with the clientId added. */
function startPageServer(clientId: string): Promise<Server> {
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

describe('the built extension in a worker, on a CRM-like page, against the real backend', () => {
  let stack: OrderCardStack;
  let server: Server;
  let browser: Browser;
  let page: Page;

  const cardLog = (): Promise<Json> =>
    page.evaluate(() => (globalThis as unknown as CardWindow).__CARD_LOG__);

  async function openCard(order: Json, locale: string): Promise<void> {
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(
      (setup) => {
        (globalThis as unknown as CardWindow).__CARD__ = setup;
      },
      {
        order,
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
      { timeout: 15_000 },
    );
    expect(errors).toEqual([]);
  }

  /** The `order/card` context of a card order (the shape `useContext()` gives the extension). */
  const contextOf = (order: Json): Json => ({
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

  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '--config', 'vite.harness.config.ts', '--logLevel', 'error'], {
      cwd: EXTENSION,
      stdio: 'ignore',
    });
    stack = await startOrderCardStack();
    server = await startPageServer(stack.clientId);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await stack?.stop();
  });

  it('shows the balance, checks a code and applies code and points into the card, in Russian', async () => {
    const order = cardOrder({
      items: [
        { index: 0, id: 1, offer: { id: 1000, name: 'Kettle' }, quantity: 2, initialPrice: 1500 },
        { index: 1, id: 2, offer: { id: 1004, name: 'Mug' }, quantity: 1, initialPrice: 1000 },
      ],
    });
    await openCard(contextOf(order), 'ru-RU');
    const panel = page.locator('.mb-panel');
    await panel.getByText('Можно списать в этом заказе').waitFor();
    await expect(panel.innerText()).resolves.toContain('1 000'.replace(' ', '\u00a0'));

    await page.locator('#mb-promo-code').fill('WELCOME10');
    await panel.getByText('Проверить').click();
    await panel.getByText('Действует').waitFor();

    await page.locator('#mb-points').fill('100');
    await panel.getByText('Применить').click();
    await panel.getByText(/Применено: скидка/).waitFor();

    const log = await cardLog();
    expect(log.calls.map((entry: Json) => [entry.action, entry.status])).toEqual(
      expect.arrayContaining([
        ['/retailcrm/embed/bonus-balance', 200],
        ['/retailcrm/embed/promotions', 200],
        ['/retailcrm/embed/check-promo-code', 200],
        ['/retailcrm/embed/apply', 200],
      ]),
    );
    const discounts = log.actions.filter((action: Json) => action.name === 'changeItemDiscount');
    expect(discounts.map((action: Json) => action.args[0])).toEqual([0, 1]);
    for (const action of discounts) expect(action.args[1].amount).toBeGreaterThan(0);
    expect(log.customFields.mindbox_promo_code).toBe('WELCOME10');
    expect(log.customFields.mindbox_discount).toBeGreaterThan(100);
  });

  it('speaks English in an English CRM and explains an order without customer', async () => {
    await openCard(contextOf(cardOrder({ customer: undefined })), 'en-GB');
    await page.locator('.mb-panel').getByText('The order has no customer: points need one').waitFor();
  });
});
