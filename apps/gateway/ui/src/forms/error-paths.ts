// Maps the field paths of a 422 answer (`{errors: {"conditions.calculateStatuses[0]": "..."}}`) to
// the inputs of a tab. Pure functions: no Vue, no DOM, so they are unit-tested from Jest.

export type PathSegment = string | number;

/** One message under a field: `rest` is the part of the path below the field, e.g. `[0]`. */
export interface FieldMessage {
  path: string;
  rest: PathSegment[];
  message: string;
}

/**
 * Splits `a.b[0].c` into `['a', 'b', 0, 'c']`. Numeric dotted segments (`a.b.0`, as some
 * validators write them) count as indexes too, so both spellings reach the same input.
 */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.trim().split('.')) {
    if (part === '') continue;
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    const [, name = '', indexes = ''] = match;
    if (name !== '') segments.push(/^\d+$/.test(name) ? Number(name) : name);
    for (const index of indexes.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** The canonical spelling: `a.b[0].c`. */
export function formatPath(segments: PathSegment[]): string {
  return segments.reduce<string>(
    (text, segment) =>
      typeof segment === 'number' ? `${text}[${segment}]` : text === '' ? segment : `${text}.${segment}`,
    '',
  );
}

function startsWith(segments: PathSegment[], prefix: PathSegment[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment);
}

/** The messages at `field` or below it (`field[2]`, `field.code`), in path order. */
export function messagesFor(errors: Record<string, string>, field: string): FieldMessage[] {
  const target = parsePath(field);
  const found: FieldMessage[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const segments = parsePath(path);
    if (startsWith(segments, target)) found.push({ path, rest: segments.slice(target.length), message });
  }
  return found.sort((a, b) => compareRest(a.rest, b.rest));
}

function compareRest(a: PathSegment[], b: PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}

/**
 * A message as shown under its input. A list item is named by its value when the page knows it
 * (`"new": must be ...`), else by its position (`#1: must be ...`).
 */
export function describeMessage(message: FieldMessage, items: readonly string[] = []): string {
  const [head, ...tail] = message.rest;
  if (head === undefined) return message.message;
  const where =
    typeof head === 'number'
      ? items[head] !== undefined
        ? `«${items[head]}»`
        : `#${head + 1}`
      : formatPath([head]);
  const below = tail.length > 0 ? ` ${formatPath(tail).replace(/^\./, '')}` : '';
  return `${where}${below}: ${message.message}`;
}

/** Messages no field of the tab claims: the summary shows them so none is lost. */
export function unclaimedMessages(errors: Record<string, string>, fields: Iterable<string>): FieldMessage[] {
  const claimed = [...fields].map(parsePath);
  return Object.entries(errors)
    .filter(([path]) => !claimed.some((prefix) => startsWith(parsePath(path), prefix)))
    .map(([path, message]) => ({ path, rest: parsePath(path), message }));
}

/** A stable DOM id for a field path, used by labels, error links and aria-describedby. */
export function fieldId(tab: string, path: string): string {
  return `${tab}-${formatPath(parsePath(path)).replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '');
}
