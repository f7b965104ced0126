import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoTabs } from '../../libs/settings/src/tabs/tab-examples';
import { mindboxFixture } from '../customer-sync/fixtures';
import { launchChromium, screenshot, watchBrowser, type BrowserProblems } from './support/browser';
import { startStack, type UiStack } from './support/stack';

// The settings page in headless Chromium against the real gateway and the sandbox, both started
// in this process: connect an account, fill every tab through the page, meet a validation error
// inline, reload and find the values, switch the language. Screenshots go to test/ui/screenshots.
// Needs the page built (`npm run build` in apps/gateway/ui) and Chromium at /usr/bin/chromium.

type Json = Record<string, unknown>;

const DEMO_SITES = ['demo-shop', 'demo-outlet'];
const BUILT_PAGE = join(__dirname, '..', '..', 'apps', 'gateway', 'ui', 'dist', 'index.html');

describe('settings page in a browser', () => {
  let stack: UiStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: BrowserProblems;
  let clientId: string;
  let demo: ReturnType<typeof demoTabs>;
  let pageUrl: string;

  const api = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(clientId ? { authorization: `Bearer ${clientId}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  const panel = (tab: string) => page.locator(`#panel-${tab}`);
  const field = (id: string) => page.locator(`#${id}`);
  const openTab = async (name: string) => {
    await page.getByRole('tab', { name, exact: false }).click();
  };
  /** Saves a tab through its button and waits for the outcome the page shows. */
  const save = async (tab: string): Promise<'saved' | 'failed'> => {
    await panel(tab)
      .getByRole('button', { name: /^(Save|Сохранить)$/ })
      .click();
    const saved = panel(tab).locator('.save-bar__ok');
    const failed = panel(tab).locator('[data-test=summary]');
    await saved.or(failed).first().waitFor();
    return (await saved.isVisible()) ? 'saved' : 'failed';
  };
  // Strings, not functions: this file is compiled without the DOM's types.
  const activeTest = async () =>
    (await page.evaluate('document.activeElement?.dataset?.test ?? null')) as string | null;
  const activeId = async () => (await page.evaluate('document.activeElement?.id ?? null')) as string | null;

  // What each tab's text inputs get, by element id (`<tab>-<dotted path>`), from the demo tabs.
  const textInputs = (): Record<string, [string, string][]> => ({
    mindbox: [
      ['mindbox-apiUrl', demo.mindbox.apiUrl],
      ['mindbox-endpointId', demo.mindbox.endpointId],
      ['mindbox-brand', demo.mindbox.brand],
    ],
    customers: [
      ...Object.entries(demo.customers.operations).map(([name, value]): [string, string] => [
        `customers-operations-${name}`,
        value ?? '',
      ]),
      ['customers-ids-customerIdKey', demo.customers.ids.customerIdKey],
      ['customers-subscriptions-topic', demo.customers.subscriptions.topic ?? ''],
    ],
    orders: [
      ...Object.entries(demo.orders.operations).map(([name, value]): [string, string] => [
        `orders-operations-${name}`,
        value ?? '',
      ]),
      ['orders-ids-orderIdKey', demo.orders.ids.orderIdKey],
      ['orders-ids-orderExternalIdKey', demo.orders.ids.orderExternalIdKey],
      ['orders-extra-pointOfContact', demo.orders.extra.pointOfContact ?? ''],
      ['orders-extra-priceProperty-code', demo.orders.extra.priceProperty?.code ?? ''],
      ['orders-extra-priceProperty-name', demo.orders.extra.priceProperty?.name ?? ''],
    ],
    products: [['products-ids-mindboxKey', demo.products.ids.mindboxKey]],
    fields: [
      ...Object.entries(demo.fields.mindbox).map(([name, value]): [string, string] => [
        `fields-mindbox-${name}`,
        value ?? '',
      ]),
      ...Object.entries(demo.fields.retailcrm).map(([name, value]): [string, string] => [
        `fields-retailcrm-${name}`,
        value ?? '',
      ]),
    ],
  });

  // Checkbox lists: element id prefix -> codes to tick.
  const checkLists = (): Record<string, [string, string[]][]> => ({
    customers: [['customers-subscriptions-pointsOfContact', demo.customers.subscriptions.pointsOfContact]],
    orders: Object.entries(demo.orders.conditions).map(([name, codes]): [string, string[]] => [
      `orders-conditions-${name}`,
      codes,
    ]),
  });

  const fillTexts = async (tab: string) => {
    for (const [id, value] of textInputs()[tab] ?? []) await field(id).fill(value);
  };
  const tickLists = async (tab: string) => {
    for (const [prefix, codes] of checkLists()[tab] ?? []) {
      for (const code of codes) await field(`${prefix}--${code}`).check();
    }
  };

  beforeAll(async () => {
    if (!existsSync(BUILT_PAGE)) {
      throw new Error(`The settings page is not built (${BUILT_PAGE}): npm run build in apps/gateway/ui`);
    }
    stack = await startStack();
    demo = demoTabs(stack.sandbox.url);
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    problems = watchBrowser(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('connects an account by URL and key (the manual connection)', async () => {
    clientId = '';
    const connected = await api('POST', '/api/v1/accounts', {
      retailcrmUrl: demo.access.retailcrmUrl,
      apiKey: demo.access.apiKey,
    });
    expect(connected.status).toBe(201);
    clientId = String(connected.body.clientId);
    expect(clientId).toMatch(/^[0-9a-f]{64}$/);
    pageUrl = `${stack.gatewayUrl}/settings/${clientId}`;
    expect(connected.body.accountUrl).toBe(pageUrl);
  });

  it('opens at the accountUrl with the other tabs locked until Access is saved', async () => {
    const before = await api('GET', '/api/v1/settings');
    expect(before.status).toBe(200);
    expect((before.body.access as Json).sites).toEqual([]);

    await page.goto(`${pageUrl}?lang=en`);
    await page.getByRole('heading', { name: 'Module settings' }).waitFor();
    expect(await field('access-retailcrmUrl').inputValue()).toBe(demo.access.retailcrmUrl);
    // The saved key is never shown: the field is empty and says a key is stored, masked.
    expect(await field('access-apiKey').inputValue()).toBe('');
    expect(await field('access-apiKey-hint').textContent()).toContain('••••-key');
    // The shops come from the CRM's references.
    await field('access-sites--demo-outlet').waitFor();

    for (const tab of ['mindbox', 'customers', 'orders', 'products', 'fields', 'sync']) {
      expect(await field(`tab-${tab}`).getAttribute('data-locked')).toBe('true');
    }
    await openTab('Mindbox access');
    expect(await panel('mindbox').getByText('Save the CRM access first').isVisible()).toBe(true);
    await screenshot(page, '01-locked-before-access');
    await panel('mindbox').getByRole('button', { name: 'Go to CRM access' }).click();
    expect(await field('tab-access').getAttribute('aria-selected')).toBe('true');
  });

  it('saves Access: shops chosen, the key kept by sending its mask, hook URL copied and regenerated', async () => {
    await page.getByLabel('RetailCRM address').fill(demo.access.retailcrmUrl);
    for (const site of DEMO_SITES) await field(`access-sites--${site}`).check();
    expect(await save('access')).toBe('saved');
    for (const tab of ['mindbox', 'customers', 'orders', 'products', 'fields', 'sync']) {
      expect(await field(`tab-${tab}`).getAttribute('data-locked')).toBe('false');
    }

    const hookUrl = await field('access-hookUrl').inputValue();
    expect(hookUrl.startsWith(`${stack.gatewayUrl}/hooks/`)).toBe(true);
    await panel('access').getByRole('button', { name: 'Copy' }).click();
    await panel('access').getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(hookUrl);

    await panel('access').getByRole('button', { name: 'Regenerate' }).click();
    await panel('access').getByRole('button', { name: 'Yes, make a new URL' }).click();
    await panel('access').getByText('A new URL is ready').waitFor();
    const regenerated = await field('access-hookUrl').inputValue();
    expect(regenerated).not.toBe(hookUrl);
    expect(regenerated.startsWith(`${stack.gatewayUrl}/hooks/`)).toBe(true);
    await screenshot(page, '02-access-saved');
  });

  it('shows a wrong Mindbox secret inline under its field, then saves the right one', async () => {
    await openTab('Mindbox access');
    await fillTexts('mindbox');
    await page.getByLabel('Secret key').fill('not-the-secret');
    expect(await save('mindbox')).toBe('failed');

    const error = field('mindbox-secretKey-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Mindbox refused this secret key');
    expect(await field('mindbox-secretKey').getAttribute('aria-invalid')).toBe('true');
    expect(await field('mindbox-secretKey').getAttribute('aria-describedby')).toContain(
      'mindbox-secretKey-error',
    );
    // The summary at the top takes the focus and links to the field.
    expect(await activeTest()).toBe('summary');
    expect(await panel('mindbox').locator('[data-test=summary] a[href="#mindbox-secretKey"]').count()).toBe(
      1,
    );
    await screenshot(page, '03-mindbox-wrong-secret');

    await page.getByLabel('Secret key').fill(demo.mindbox.secretKey);
    // Typing in the field clears its message.
    expect(await error.count()).toBe(0);
    expect(await save('mindbox')).toBe('saved');
    await screenshot(page, '04-mindbox-saved');
  });

  it('saves Customers', async () => {
    await openTab('Customers');
    await fillTexts('customers');
    await tickLists('customers');
    if (demo.customers.syncWithoutOrders) await field('customers-syncWithoutOrders').check();
    expect(await save('customers')).toBe('saved');
    await screenshot(page, '05-customers');
  });

  it('saves Orders, after a malformed identifier is refused inline', async () => {
    await openTab('Orders');
    await fillTexts('orders');
    await tickLists('orders');
    await field('orders-ids-orderExternalIdKey').fill('external id');
    expect(await save('orders')).toBe('failed');
    expect(await field('orders-ids-orderExternalIdKey-error').textContent()).toContain('orderExternalIdKey');
    await field('orders-ids-orderExternalIdKey').fill(demo.orders.ids.orderExternalIdKey);
    expect(await save('orders')).toBe('saved');
    await screenshot(page, '06-orders');
  });

  it('saves Products with a status map', async () => {
    await openTab('Products');
    await field('products-ids-retailcrmField').selectOption(demo.products.ids.retailcrmField);
    await fillTexts('products');
    if (demo.products.skipPriceWriteback) await field('products-skipPriceWriteback').check();
    await field('products-serviceProductIds').fill(demo.products.serviceProductIds.join('\n'));
    const entries = Object.entries(demo.products.statusMap);
    for (const [index, [crm, mindbox]] of entries.entries()) {
      await field('products-statusMap-add').click();
      await field(`products-statusMap-row${index}-crm`).selectOption(crm);
      await field(`products-statusMap-row${index}-mindbox`).fill(mindbox);
    }
    expect(await save('products')).toBe('saved');
    await screenshot(page, '07-products');
  });

  it('saves Additional fields', async () => {
    await openTab('Additional fields');
    await fillTexts('fields');
    expect(await save('fields')).toBe('saved');
    await screenshot(page, '08-fields');
  });

  it('stored exactly what was typed, secrets kept', async () => {
    const { status, body } = await api('GET', '/api/v1/settings');
    expect(status).toBe(200);
    expect(body.access).toMatchObject({
      retailcrmUrl: demo.access.retailcrmUrl,
      apiKey: '••••-key',
      sites: DEMO_SITES,
    });
    expect(body.mindbox).toMatchObject({ ...demo.mindbox, secretKey: '••••cret' });
    expect(body.customers).toMatchObject(demo.customers);
    expect(body.orders).toMatchObject(demo.orders);
    expect(body.products).toMatchObject(demo.products);
    expect(body.fields).toMatchObject(demo.fields);
  });

  it('finds every value again after a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Module settings' }).waitFor();
    for (const site of DEMO_SITES) expect(await field(`access-sites--${site}`).isChecked()).toBe(true);
    expect(await field('access-apiKey').inputValue()).toBe('');

    for (const [tab, inputs] of Object.entries(textInputs())) {
      for (const [id, value] of inputs) expect([id, await field(id).inputValue()]).toEqual([id, value]);
      for (const [prefix, codes] of checkLists()[tab] ?? []) {
        for (const code of codes)
          expect([prefix, code, await field(`${prefix}--${code}`).isChecked()]).toEqual([prefix, code, true]);
      }
    }
    expect(await field('mindbox-secretKey').inputValue()).toBe('');
    expect(await field('mindbox-secretKey-hint').textContent()).toContain('••••cret');
    expect(await field('products-ids-retailcrmField').inputValue()).toBe(demo.products.ids.retailcrmField);
    for (const [index, [crm, mindbox]] of Object.entries(demo.products.statusMap).entries()) {
      expect(await field(`products-statusMap-row${index}-crm`).inputValue()).toBe(crm);
      expect(await field(`products-statusMap-row${index}-mindbox`).inputValue()).toBe(mindbox);
    }
    // Nothing was left unsaved, so no tab is marked.
    expect(await page.locator('.tabs__dirty').count()).toBe(0);
  });

  it('shows the full load that saving Customers started, to the end', async () => {
    await openTab('Sync');
    const card = panel('sync').locator('[data-test=sync-customers]');
    await card.waitFor();
    // The page refreshes itself while the load runs.
    await card.getByText('Full load: finished').waitFor({ timeout: 30_000 });
    expect(await card.locator('.progress-block__figures').textContent()).toMatch(/^(\d+) of \1/);
    expect(await card.locator('progress').getAttribute('value')).toBe('100');
    // Orders have no full load: their card shows counters only.
    const orders = panel('sync').locator('[data-test=sync-orders]');
    expect(await orders.locator('progress').count()).toBe(0);
    expect(await orders.locator('.counters').textContent()).toContain('Synced');
    await panel('sync').locator('tbody tr').first().waitFor();
    await screenshot(page, '09-sync');
  });

  it("shows a refused customer with Mindbox's words in the journal, and sends it again with Retry", async () => {
    // A customer the full load sent (the demo syncs only customers with orders), edited by a manager.
    const journal = await api('GET', '/api/v1/sync/journal?outcome=synced&limit=1');
    const customerId = (journal.body.entries as Json[])[0].crmId as number;
    await stack.sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      tenant: 'demo-endpoint',
      operation: 'Website.EditCustomer',
      kind: 'status',
      status: 400,
      body: mindboxFixture('validation-error.json'),
      times: 1,
    });
    const edited = await stack.sandbox.request(
      'PATCH',
      `/control/retailcrm/accounts/demo/customers/${customerId}`,
      {
        customer: { firstName: 'Ошибка' },
      },
    );
    expect(edited.status).toBe(200);
    // The journal's "What" cell reads "<entity> <CRM id>".
    const rows = panel('sync')
      .locator('tbody tr')
      .filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`\\s${customerId}\\s*$`) }) });
    const failed = rows.filter({ hasText: 'failed' }).first();
    const refresh = panel('sync').getByRole('button', { name: 'Refresh' });
    for (let tries = 0; tries < 50 && !(await failed.isVisible()); tries++) {
      await refresh.click();
      await page.waitForTimeout(200);
    }
    expect(await failed.locator('.table__error').textContent()).toContain(
      'Mindbox did not accept the customer',
    );
    expect(await panel('sync').locator('.card__error').textContent()).toContain('Mindbox did not accept');
    await screenshot(page, '10-sync-journal-error');

    const done = rows.filter({ has: page.locator('.badge', { hasText: /^done$/ }) });
    const doneBefore = await done.count();
    await failed.getByRole('button', { name: /Retry/ }).click();
    await panel('sync').getByText('Sent again.').waitFor();
    for (let tries = 0; tries < 50 && (await done.count()) === doneBefore; tries++) {
      await refresh.click();
      await page.waitForTimeout(200);
    }
    expect(await done.count()).toBeGreaterThan(doneBefore);
    const inMindbox = await stack.sandbox.request(
      'GET',
      `/control/mindbox/projects/demo-endpoint/customers/retailcrmId/${customerId}`,
    );
    expect(inMindbox.body.firstName).toBe('Ошибка');
  });

  it('asks for a full load with the button', async () => {
    await panel('sync').getByRole('button', { name: 'Start a full load of customers' }).click();
    await panel('sync').getByText('The full load has started.').waitFor();
    const [account] = (await stack.db.query(`SELECT id FROM account WHERE client_id = $1`, [clientId])) as {
      id: string;
    }[];
    const queued = (await stack.db.query(
      `SELECT payload FROM outbox_message WHERE account_id = $1 AND routing_key = 'sync.full-load-requested.v1'`,
      [account.id],
    )) as { payload: Json }[];
    expect(queued.map((row) => row.payload)).toEqual([{ accountId: account.id, entity: 'customers' }]);
  });

  it('moves between tabs with the arrow keys', async () => {
    await field('tab-access').click();
    await page.keyboard.press('ArrowRight');
    expect(await field('tab-mindbox').getAttribute('aria-selected')).toBe('true');
    expect(await activeId()).toBe('tab-mindbox');
    await page.keyboard.press('End');
    expect(await field('tab-sync').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await field('tab-access').getAttribute('aria-selected')).toBe('true');
  });

  it('switches to Russian and stays in it after a reload', async () => {
    await page.getByRole('button', { name: 'Русский' }).click();
    expect(await field('tab-access').textContent()).toContain('Доступ к CRM');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ru');
    await page.reload();
    await page.getByRole('heading', { name: 'Настройки модуля' }).waitFor();
    expect(await page.getByLabel('Адрес RetailCRM').inputValue()).toBe(demo.access.retailcrmUrl);
    await screenshot(page, '11-access-ru');
    await openTab('Заказы');
    await screenshot(page, '12-orders-ru');
  });

  it('logged no script errors, and failed only the calls meant to fail', () => {
    expect(problems.errors).toEqual([]);
    // 422: the wrong secret and the bad identifier.
    const unexpected = problems.failedResponses.filter(
      ({ method, status, path }) =>
        !(status === 422 && method === 'PUT' && path.startsWith('/api/v1/settings/')),
    );
    expect(unexpected).toEqual([]);
  });
});
