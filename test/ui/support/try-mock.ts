import { launchChromium, screenshot, watchBrowser } from './browser';
import { startMockGateway } from './mock-gateway';

// DEV AID: clicks through the built page against the mock gateway and saves screenshots named
// `dev-mock-*` (the Sync tab with data comes only from here until the gateway has sync endpoints).
//   (cd apps/gateway/ui && npm run build) && npx ts-node -T test/ui/support/try-mock.ts

async function main(): Promise<void> {
  const mock = await startMockGateway({ withSync: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchBrowser(page);
    const clientId = mock.connect();
    await page.goto(`${mock.url}/settings/${clientId}?lang=en`);
    await page.getByRole('heading', { name: 'Module settings' }).waitFor();
    console.log('locked before access:', await page.locator('#tab-mindbox').getAttribute('data-locked'));

    await page.locator('#access-apiKey').fill('demo-retailcrm-key');
    await page.locator('#access-sites--demo-shop').check();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.locator('#panel-access .save-bar__ok').waitFor();
    console.log('locked after access:', await page.locator('#tab-mindbox').getAttribute('data-locked'));

    await page.getByRole('tab', { name: 'Sync' }).click();
    await page.locator('[data-test=sync-customers]').waitFor();
    await screenshot(page, 'dev-mock-sync-en');
    await page.getByRole('button', { name: 'Русский' }).click();
    await screenshot(page, 'dev-mock-sync-ru');
    console.log('problems:', problems);
  } finally {
    await browser.close();
    await mock.close();
  }
}

void main();
