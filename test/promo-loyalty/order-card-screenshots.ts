import { join } from 'node:path';
import { migrate } from '@app/common/database/migrate';
import { launchChromium } from '../ui/support/browser';
import { buildHarness, openCard, startPageServer } from './order-card-page';
import { cardOrder, startOrderCardStack } from './order-card-stack';

// The README's pictures of the extension, taken the way it runs: the built `order-card.js` in a
// Web Worker of the CRM stand-in page, answering through the built gateway, RabbitMQ,
// promo-loyalty and the sandbox's demo Mindbox. A manager checks WELCOME10 and spends 100 points.
// `npm run build && npm run ext:build` first; TEST_DATABASE_URL and AMQP_URL as for the e2e tests.
//   npx ts-node -T -r tsconfig-paths/register test/promo-loyalty/order-card-screenshots.ts

const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  process.env.DATABASE_URL =
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
  process.env.AMQP_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
  await migrate(process.env.DATABASE_URL);
  buildHarness();
  const stack = await startOrderCardStack({ logLevel: 'error' });
  const server = await startPageServer(stack.clientId);
  const browser = await launchChromium();
  try {
    const order = cardOrder({
      items: [
        { index: 0, id: 1, offer: { id: 1000, name: 'Чайник' }, quantity: 2, initialPrice: 1500 },
        { index: 1, id: 2, offer: { id: 1004, name: 'Кружка' }, quantity: 1, initialPrice: 1000 },
      ],
    });
    for (const [locale, name, check, apply, done] of [
      ['ru-RU', 'order-card.png', 'Проверить', 'Применить', 'Применено'],
      ['en-GB', 'order-card-en.png', 'Check', 'Apply', 'Applied'],
    ]) {
      const { page, errors } = await openCard(browser, order, locale);
      const panel = page.locator('.mb-panel');
      await panel.locator('[data-test="max-points"]').waitFor();
      await page.locator('#mb-promo-code').fill('WELCOME10');
      await panel.getByText(check, { exact: true }).click();
      await panel.locator('[data-test="verdict"]').waitFor();
      await page.locator('#mb-points').fill('100');
      await panel.getByText(apply, { exact: true }).click();
      await panel.getByText(new RegExp(done)).waitFor();
      if (errors.length) throw new Error(errors.join('; '));
      await page.locator('.card').screenshot({ path: join(OUT, name) });
      console.log(`wrote docs/screenshots/${name}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
