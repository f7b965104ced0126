/** Where a full load is in the CRM's customer list. */
export interface ListCursor {
  /** The page to read next, 1-based. */
  nextPage: number;
  /** Id of the last customer taken; the list is ordered by id, so ids beyond it are new. */
  lastId: number | null;
  /** `pagination.totalCount` of the last page read. */
  seenTotal: number | null;
  /** Whether the list is ordered by id descending; decided by the first page with two customers. */
  descending: boolean | null;
}

/** The part of a list page the cursor needs. */
export interface ListPage<C extends { id: number }> {
  customers: C[];
  totalCount: number;
  totalPageCount: number;
}

/** What to do with a page just read. */
export interface PageStep<C> {
  /** Customers of the page not taken before, in list order. */
  take: C[];
  next: ListCursor;
  /** The page was the last one. */
  finished: boolean;
  /** The page was thrown away: customers before the cursor disappeared, so pages shifted. */
  reread: boolean;
}

export const START: ListCursor = { nextPage: 1, lastId: null, seenTotal: null, descending: null };

/**
 * Moves a full load through RetailCRM's page-numbered customer list so that no customer is
 * skipped and none is taken twice while the list changes under it:
 * - customers are taken only beyond the last id taken (the list is ordered by id), so a page
 *   that shifted back over customers already taken gives them no second time;
 * - when the total shrinks, customers before the cursor may have gone (deleted, merged, or no
 *   longer matching the filter) and the unread ones moved onto pages already read: the page is
 *   thrown away and the load steps back by as many pages as customers went, then reads on.
 *
 * Pure: no I/O.
 */
export function stepThroughPage<C extends { id: number }>(
  cursor: ListCursor,
  page: ListPage<C>,
  limit: number,
): PageStep<C> {
  if (cursor.seenTotal !== null && page.totalCount < cursor.seenTotal && cursor.nextPage > 1) {
    const back = Math.ceil((cursor.seenTotal - page.totalCount) / limit);
    return {
      take: [],
      next: { ...cursor, nextPage: Math.max(1, cursor.nextPage - back), seenTotal: page.totalCount },
      finished: false,
      reread: true,
    };
  }
  let descending = cursor.descending;
  if (descending === null && page.customers.length >= 2) {
    descending = page.customers[0].id > page.customers[1].id;
  }
  const beyond = (id: number): boolean =>
    cursor.lastId === null || (descending ? id < cursor.lastId : id > cursor.lastId);
  const take = page.customers.filter((customer) => beyond(customer.id));
  const ids = take.map((customer) => customer.id);
  const lastId = ids.length === 0 ? cursor.lastId : descending ? Math.min(...ids) : Math.max(...ids);
  return {
    take,
    next: { nextPage: cursor.nextPage + 1, lastId, seenTotal: page.totalCount, descending },
    finished: page.customers.length < limit || cursor.nextPage >= page.totalPageCount,
    reread: false,
  };
}
