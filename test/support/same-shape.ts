/**
 * Compares the shape of a JSON answer with a recorded fixture of the real API: every key the
 * fixture has must be there with the same JSON type (null in either matches anything), arrays
 * are compared by their first elements, and objects keyed by ids or codes (the fixture's
 * dictionaries) by their first values. Returns the differences as dotted paths; [] means same shape.
 */
export interface ShapeOptions {
  /** Dotted paths (with `[]` for array items and `{}` for dictionary values) not to compare. */
  ignore?: string[];
  /** Paths whose value is a dictionary keyed by id or code. */
  dictionaries?: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const kind = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

export function shapeDifferences(
  actual: unknown,
  fixture: unknown,
  options: ShapeOptions = {},
  path = '',
): string[] {
  if ((options.ignore ?? []).includes(path)) return [];
  if (fixture === null || actual === null) return [];
  const expected = kind(fixture);
  const got = kind(actual);
  // RetailCRM sends an empty object as [] (customFields): both are "an object" here.
  const emptyArrayForObject = expected === 'object' && got === 'array' && (actual as Json[]).length === 0;
  if (emptyArrayForObject) return [];
  if (expected !== got) return [`${path || '(root)'}: expected ${expected}, got ${got}`];
  if (expected === 'array') {
    const [first] = fixture as Json[];
    const [mine] = actual as Json[];
    return first === undefined || mine === undefined
      ? []
      : shapeDifferences(mine, first, options, `${path}[]`);
  }
  if (expected !== 'object') return [];
  const fixtureObject = fixture as Record<string, Json>;
  const actualObject = actual as Record<string, Json>;
  if ((options.dictionaries ?? []).includes(path)) {
    const [first] = Object.values(fixtureObject);
    const [mine] = Object.values(actualObject);
    return first === undefined || mine === undefined
      ? []
      : shapeDifferences(mine, first, options, `${path}{}`);
  }
  return Object.keys(fixtureObject).flatMap((key) => {
    const child = path ? `${path}.${key}` : key;
    if ((options.ignore ?? []).includes(child)) return [];
    if (!(key in actualObject)) return [`${child}: missing`];
    return shapeDifferences(actualObject[key], fixtureObject[key], options, child);
  });
}
