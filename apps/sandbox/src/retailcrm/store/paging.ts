import { pagination, Pagination } from './history-log';

/** `limit` and 1-based `page` of a list call. */
export interface Paging {
  limit: number;
  page: number;
}

/** One page of `items` with the API's `pagination` block. */
export function pageOf<T>(items: T[], paging: Paging): { items: T[]; pagination: Pagination } {
  const from = (paging.page - 1) * paging.limit;
  return {
    items: items.slice(from, from + paging.limit),
    pagination: pagination(paging.limit, paging.page, items.length),
  };
}

/** Which shops a caller reaches: an API key's shops, or every shop (`undefined`) for control calls. */
export interface Access {
  sites?: string[];
}

export const FULL_ACCESS: Access = {};

export function reaches(access: Access, site: string): boolean {
  return access.sites === undefined || access.sites.includes(site);
}

/** How a get or edit call names its entity: `by=id` or (the default) `by=externalId`. */
export interface EntityRef {
  by: 'id' | 'externalId';
  value: string;
  site?: string;
}
