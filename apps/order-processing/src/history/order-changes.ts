import type { OrderHistoryRecord } from '@app/retailcrm';

/** One order to run through the rules, for all of its changes in a batch. */
export interface OrderChange {
  orderId: number;
  /** History id of the newest change of the order in the batch. */
  historyId: number;
  /** History field names that changed, sorted (`created` for a new order). */
  fields: string[];
}

/** What a batch of order history records asks for. */
export interface OrderHistoryBatch {
  /** One entry per order, in the order of their newest change. */
  changed: OrderChange[];
  counts: { records: number; own: number; otherSite: number; deleted: number };
}

/**
 * Sorts a batch of order history records (oldest first): the module's own writes
 * (`apiKey.current`, its write-backs) and orders of shops outside `sites` are skipped, a deleted
 * order drops its changes, and all changes of one order collapse into one entry with the newest
 * history id. Which orders the rules then act on is decided on the order as read. Pure.
 */
export function collectOrderChanges(
  records: readonly OrderHistoryRecord[],
  sites: readonly string[] = [],
): OrderHistoryBatch {
  const changed = new Map<number, { historyId: number; fields: Set<string> }>();
  const counts = { records: records.length, own: 0, otherSite: 0, deleted: 0 };
  for (const record of records) {
    const orderId = Number(record.order?.id);
    if (!Number.isInteger(orderId) || orderId <= 0) continue;
    if (record.apiKey?.current === true) {
      counts.own += 1;
      continue;
    }
    const site = typeof record.order?.site === 'string' ? record.order.site : undefined;
    if (sites.length > 0 && site !== undefined && !sites.includes(site)) {
      counts.otherSite += 1;
      continue;
    }
    if (record.deleted) {
      counts.deleted += 1;
      changed.delete(orderId);
      continue;
    }
    const entry = changed.get(orderId) ?? { historyId: record.id, fields: new Set<string>() };
    entry.historyId = Math.max(entry.historyId, record.id);
    entry.fields.add(record.created ? 'created' : record.field);
    changed.delete(orderId);
    changed.set(orderId, entry);
  }
  return {
    changed: [...changed].map(([orderId, { historyId, fields }]) => ({
      orderId,
      historyId,
      fields: [...fields].sort(),
    })),
    counts,
  };
}
