/**
 * Lenient readers of JSON nodes. Mindbox asks integrations to stay forward-compatible (new or
 * reordered fields, numbers sent as strings), so the parsers read through these and never throw.
 */

/** A JSON object, or undefined for anything else (arrays included). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array, or [] for anything else (a missing node reads as an empty list). */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A finite number; numeric strings ("1699.00", " 42 ") count, empty strings do not. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A non-empty string; numbers are turned into their decimal text (ids arrive both ways). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A boolean, or undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** An `ids` node as a map of id system name to value, every value as a string. */
export function asIds(value: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asRecord(value) ?? {})) {
    const id = asString(raw);
    if (id !== undefined) ids[key] = id;
  }
  return ids;
}

/** `value` if it is one of `known`, else 'unknown', so new enum members never break a caller. */
export function asKnown<T extends string>(known: readonly T[], value: unknown): T | 'unknown' {
  return typeof value === 'string' && (known as readonly string[]).includes(value) ? (value as T) : 'unknown';
}

/** Sum of the defined amounts in kopeck precision, or undefined when there is none. */
export function sumMoney(values: (number | undefined)[]): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : roundMoney(present.reduce((sum, value) => sum + value, 0));
}

/** Rounds to kopecks, dropping the binary noise of float sums (0.1 + 0.2). */
export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}
