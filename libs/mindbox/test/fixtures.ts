import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared, read-only Mindbox fixtures (`../shared/fixtures/mindbox` beside the checkout). */
export const MINDBOX_FIXTURES_DIR = join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'mindbox');

/** Names of every fixture file. */
export function mindboxFixtureNames(): string[] {
  return readdirSync(MINDBOX_FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A fixture's bytes as stored, to serve verbatim. */
export function mindboxFixtureText(name: string): string {
  return readFileSync(join(MINDBOX_FIXTURES_DIR, name), 'utf8');
}

/** A fixture, parsed. */
export function mindboxFixture(name: string): unknown {
  return JSON.parse(mindboxFixtureText(name)) as unknown;
}
