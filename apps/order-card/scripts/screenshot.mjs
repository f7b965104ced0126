// Builds the preview page and photographs it with Debian's Chromium through playwright-core (no
// browser download): docs/screenshots/order-card.png (Russian) and order-card-en.png (English).
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = resolve(here, '..', '..');
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core');

execFileSync('npx', ['vite', 'build', '--config', 'vite.harness.config.ts', '--logLevel', 'warn'], {
  cwd: here,
  stdio: 'inherit',
});

const folder = join(here, 'dist', 'harness');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^\/+/, '');
  const file = join(folder, path === '' ? 'index.html' : path);
  if (!file.startsWith(folder) || !existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
const { port } = server.address();

const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const [locale, name] of [
    ['ru-RU', 'order-card.png'],
    ['en-GB', 'order-card-en.png'],
  ]) {
    const page = await browser.newPage({ viewport: { width: 700, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(`http://127.0.0.1:${port}/index.html?locale=${locale}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    await page.locator('.card').screenshot({ path: join(out, name) });
    console.log(`wrote docs/screenshots/${name}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
