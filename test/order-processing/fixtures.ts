import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared fixtures, in the checkout next to this one (`FIXTURES_DIR` overrides). */
const FIXTURES = process.env.FIXTURES_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures');

/** A recorded RetailCRM answer, e.g. `order-get.json`. */
export function retailCrmFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, 'retailcrm', name), 'utf8')) as T;
}

/** A recorded Mindbox answer, e.g. `calculate-response-coupon.json`. */
export function mindboxFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, 'mindbox', name), 'utf8')) as T;
}
