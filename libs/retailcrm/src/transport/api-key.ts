import { createHash } from 'node:crypto';

/** What replaces the API key in any text the client lets out. */
export const REDACTED_KEY = '[api key]';

/**
 * The rate-budget key of an account: `retailcrm:<host>:<first 16 hex of sha256(apiKey)>`. The
 * hash tells keys apart without ever storing one in the `rate_budget` table.
 */
export function retailCrmBudgetKey(host: string, apiKey: string): string {
  const digest = createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
  return `retailcrm:${host}:${digest}`;
}

/** A function that removes every spelling of `apiKey` (plain, URL- and JSON-escaped) from a text. */
export function keyRedactor(apiKey: string): (text: string) => string {
  const spellings = [
    ...new Set([apiKey, encodeURIComponent(apiKey), JSON.stringify(apiKey).slice(1, -1)]),
  ].filter((spelling) => spelling.length > 0);
  return (text) => spellings.reduce((out, spelling) => out.split(spelling).join(REDACTED_KEY), text);
}

/** A deep copy of a JSON value with `redact` applied to every string and key. */
export function redactJson(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((entry) => redactJson(entry, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [redact(key), redactJson(entry, redact)]),
    );
  }
  return value;
}
