import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Json } from '../gateway/gateway-harness';
import { launchChromium } from '../ui/support/browser';
import { buildHarness, cardLog, openCard, startPageServer } from './order-card-page';
import { cardOrder, OrderCardStack, startOrderCardStack } from './order-card-stack';

// The built extension as RetailCRM runs it: `order-card.js` in a Web Worker of a page that plays
// the CRM (apps/order-card/harness/host.html), whose `httpCall` reaches the real gateway, RabbitMQ,
// promo-loyalty and the sandbox's Mindbox. Chromium is Debian's, driven by playwright-core.

describe('the built extension in a worker, on a CRM-like page, against the real backend', () => {
  let stack: OrderCardStack;
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildHarness();
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
    const opened = await openCard(browser, order, 'ru-RU');
    page = opened.page;
    expect(opened.errors).toEqual([]);
    const panel = page.locator('.mb-panel');
    await panel.getByText('Можно списать в этом заказе').waitFor();
    await expect(panel.innerText()).resolves.toContain('1 000'.replace(' ', '\u00a0'));

    await page.locator('#mb-promo-code').fill('WELCOME10');
    await panel.getByText('Проверить').click();
    await panel.getByText('Действует').waitFor();

    await page.locator('#mb-points').fill('100');
    await panel.getByText('Применить').click();
    await panel.getByText(/Применено: скидка/).waitFor();

    const log = await cardLog(page);
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
    ({ page } = await openCard(browser, cardOrder({ customer: undefined }), 'en-GB'));
    await page.locator('.mb-panel').getByText('The order has no customer: points need one').waitFor();
  });
});
