import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright's own browsers are not downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

/** Headless Chromium, or a clear failure naming what to install. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A full-page screenshot under test/ui/screenshots/, for reviewers. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** What went wrong in the page: script errors and the requests answered 4xx/5xx. */
export interface BrowserProblems {
  errors: string[];
  failedResponses: { method: string; status: number; path: string }[];
}

export function watchBrowser(page: Page): BrowserProblems {
  const problems: BrowserProblems = { errors: [], failedResponses: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx/5xx answer as "Failed to load resource"; those are in failedResponses.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.errors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.failedResponses.push({
        method: response.request().method(),
        status: response.status(),
        path: new URL(response.url()).pathname,
      });
    }
  });
  return problems;
}
