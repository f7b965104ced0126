// Small conversions between what the inputs hold and what the API takes.

const MASK_PREFIX = '••••';

/** A secret as the API answers it: `••••` and the last four characters. */
export function isMasked(value: string | undefined): boolean {
  return typeof value === 'string' && value.startsWith(MASK_PREFIX);
}

/** What to send for a secret: the typed value, or the stored mask to keep the saved one. */
export function secretToSend(typed: string, storedMask: string | undefined): string {
  return typed !== '' ? typed : (storedMask ?? '');
}

/** Optional API fields are left out when empty: an empty string would fail their pattern. */
export function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
}

export function required(value: string | undefined): string {
  return value?.trim() ?? '';
}

/** One value a line, blanks dropped. */
export function linesToList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function listToLines(list: readonly string[] | undefined): string {
  return (list ?? []).join('\n');
}

/** A deep copy of plain JSON data, so a draft never shares arrays with the saved copy. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One row of the status map editor: a CRM item status and the Mindbox line status sent for it. */
export interface StatusRow {
  crm: string;
  mindbox: string;
}

export function mapToRows(map: Record<string, string> | undefined): StatusRow[] {
  return Object.entries(map ?? {}).map(([crm, mindbox]) => ({ crm, mindbox }));
}

/** Rows without a CRM status are dropped; a repeated status keeps its last row. */
export function rowsToMap(rows: readonly StatusRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.crm !== '').map((row) => [row.crm, row.mindbox.trim()]));
}
