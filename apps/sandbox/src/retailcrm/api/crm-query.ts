import { isCrmDate, normalizeCrmDate } from '../store/crm-date';
import { CrmInputError } from '../store/crm.errors';
import type { Paging } from '../store/paging';

export type QueryValue = string | QueryValue[] | QueryObject;
export interface QueryObject {
  [key: string]: QueryValue;
}

const KEY = /^([^[\]]+)((?:\[[^\]]*\])*)$/;

function isQueryObject(value: QueryValue | undefined): value is QueryObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function assignPath(node: QueryObject, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    node[head] = value;
  } else if (rest[0] === '') {
    const current = node[head];
    const list = Array.isArray(current) ? current : (node[head] = []);
    (list as QueryValue[]).push(value);
  } else {
    const current = node[head];
    const child = isQueryObject(current) ? current : (node[head] = {});
    assignPath(child as QueryObject, rest, value);
  }
}

/**
 * Parses a query string with PHP-style brackets (`filter[ids][]=1`, `filter[sites][0]=a`,
 * `filter[customFields][nps][min]=5`) into nested values. Express 5's default ("simple") parser
 * leaves such keys flat, and the real API reads them nested, so the raw string is parsed here.
 */
export function parseQuery(search: string): QueryObject {
  const root: QueryObject = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const match = KEY.exec(key);
    if (!match) continue;
    const path = [match[1], ...[...match[2].matchAll(/\[([^\]]*)\]/g)].map((part) => part[1])];
    assignPath(root, path, value);
  }
  return root;
}

const LIMITS = [20, 50, 100];

/**
 * Reads typed filter and paging values out of a parsed query, collecting what is wrong so the
 * answer names every bad parameter (`Errors in the input parameters`).
 */
export class QueryReader {
  private readonly errors: Record<string, string> = {};

  constructor(
    private readonly query: QueryObject,
    private readonly prefix = '',
    private readonly parent?: QueryReader,
  ) {}

  /** The `filter[...]` part of the query. */
  filter(): QueryReader {
    const filter = this.query.filter;
    return new QueryReader(isQueryObject(filter) ? filter : {}, 'filter', this);
  }

  string(name: string): string | undefined {
    const value = this.query[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A list parameter, sent as `name[]=a&name[]=b`, `name[0]=a` or a single `name=a`. */
  list(name: string): string[] | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : Object.values(value);
    return items.filter((item): item is string => typeof item === 'string' && item !== '');
  }

  integer(name: string, min = 0): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) return this.fail(name, 'This value is not valid.');
    return parsed;
  }

  integers(name: string): number[] | undefined {
    const values = this.list(name);
    if (!values) return undefined;
    const parsed = values.map(Number);
    if (parsed.some((value) => !Number.isInteger(value))) return this.fail(name, 'This value is not valid.');
    return parsed;
  }

  /** A date or date/time filter, as a comparable `Y-m-d H:i:s`; `end` widens a date to its last second. */
  date(name: string, end = false): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!isCrmDate(value)) return this.fail(name, 'This value is not valid.');
    return normalizeCrmDate(value, end);
  }

  /** `limit` (20, 50 or 100; default 20) and `page` (from 1). */
  paging(): Paging {
    const limit = this.integer('limit') ?? 20;
    if (!LIMITS.includes(limit)) this.fail('limit', 'The value you selected is not a valid choice.');
    const page = this.integer('page', 1) ?? 1;
    return { limit, page };
  }

  /** Throws the collected errors as the API's answer to bad parameters. */
  throwIfInvalid(): void {
    if (Object.keys(this.errors).length > 0) throw new CrmInputError({ ...this.errors });
  }

  private fail(name: string, message: string): undefined {
    const key = this.prefix ? `${this.prefix}[${name}]` : name;
    (this.parent ?? this).errors[key] = message;
    return undefined;
  }
}
