import { FilterValue } from '../model/common.types';

/**
 * Encodes GET parameters the way RetailCRM reads them (PHP): nested objects as `a[b][c]=v`, lists of
 * scalars as `a[]=1&a[]=2`, lists of objects as `a[0][b]=v`, booleans as 1/0. null and undefined
 * are left out.
 */
export function toQueryString(params: Record<string, FilterValue>): string {
  const pairs: [string, string][] = [];
  const add = (name: string, value: FilterValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((entry, index) => {
        const nested = typeof entry === 'object' && entry !== null;
        add(nested ? `${name}[${index}]` : `${name}[]`, entry);
      });
      return;
    }
    if (typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) add(`${name}[${key}]`, entry);
      return;
    }
    pairs.push([name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]);
  };
  for (const [name, value] of Object.entries(params)) add(name, value);
  return new URLSearchParams(pairs).toString();
}
