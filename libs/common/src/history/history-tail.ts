/** One history page after `sinceId`: how many records it holds and the id of its last one. */
export interface ProbedPage {
  count: number;
  lastId: number;
}

/** Asks the CRM for the first page of records after `sinceId`; undefined when there are none. */
export type HistoryProbe = (sinceId: number) => Promise<ProbedPage | undefined>;

/**
 * The id of the newest history record (0 when the history is empty), found with a few requests
 * instead of reading the whole history: RetailCRM can only list records after an id, so the
 * search gallops forward (doubling the step) until a probe finds nothing after its id, then
 * halves the interval. A page shorter than `pageSize` ends the search at once: its last record is
 * the newest. About 2·log2(newest id) probes at worst.
 */
export async function findHistoryTail(probe: HistoryProbe, pageSize = 100): Promise<number> {
  const first = await probe(0);
  if (!first) return 0;
  if (first.count < pageSize) return first.lastId;

  // Invariant: a record with id `low` exists (so newest >= low); none is after `high`.
  let low = first.lastId;
  let high: number | undefined;
  for (let step = Math.max(low, pageSize); high === undefined; step *= 2) {
    const at = low + step;
    const page = await probe(at);
    if (!page) high = at;
    else if (page.count < pageSize) return page.lastId;
    else low = page.lastId;
  }
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const page = await probe(middle);
    if (!page) high = middle;
    else if (page.count < pageSize) return page.lastId;
    else low = Math.max(low, page.lastId);
  }
  return low;
}
