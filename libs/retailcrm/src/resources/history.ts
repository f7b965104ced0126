import { HistoryPage, HistoryRecord } from '../model/history.types';
import { RetailCrmUnexpectedResponseError } from '../retailcrm.errors';
import { RetailCrmTransport } from '../transport/retailcrm-transport';

/** Records per history page: the most RetailCRM documents for the method. */
export const HISTORY_PAGE_SIZE = 100;

/**
 * Walks a history method from `sinceId` (exclusive): each request asks for the records after the
 * last one seen (`filter[sinceId]`, `limit=100`), until a page comes back short. Never asks for a
 * page number: with a moving cursor page 1 is always the next one.
 */
export async function* historyPages<R extends HistoryRecord>(
  transport: RetailCrmTransport,
  path: string,
  sinceId: number | undefined,
  normalise: (raw: unknown) => R,
): AsyncGenerator<HistoryPage<R>, void, undefined> {
  let cursor = sinceId !== undefined && sinceId > 0 ? sinceId : undefined;
  for (;;) {
    const response = await transport.send({
      method: 'GET',
      path,
      query: { filter: { sinceId: cursor }, limit: HISTORY_PAGE_SIZE },
    });
    const records = response.list<unknown>('history').map(normalise);
    if (records.length === 0) return;
    const lastId = Math.max(...records.map((record) => record.id));
    if (!Number.isFinite(lastId) || (cursor !== undefined && lastId <= cursor)) {
      // Asking again would give the same page for ever.
      throw new RetailCrmUnexpectedResponseError({
        host: transport.host,
        method: 'GET',
        path,
        status: 200,
        detail: `history after id ${cursor ?? 'start'} did not move past it`,
      });
    }
    const generatedAt = typeof response.body.generatedAt === 'string' ? response.body.generatedAt : undefined;
    yield { records, lastId, generatedAt };
    if (records.length < HISTORY_PAGE_SIZE) return;
    cursor = lastId;
  }
}

/** The records of {@link historyPages}, one by one. */
export async function* historyRecords<R extends HistoryRecord>(
  pages: AsyncIterable<HistoryPage<R>>,
): AsyncGenerator<R, void, undefined> {
  for await (const page of pages) yield* page.records;
}
