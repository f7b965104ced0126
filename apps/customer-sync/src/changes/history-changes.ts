import type { CustomerHistoryRecord, HistoryRecord, OrderHistoryRecord } from '@app/retailcrm';
import type { CustomerMappingSettings } from '../mapping/mapping-settings';
import { isMappedHistoryField } from '../mapping/mapped-fields';

/** Pseudo field of a change: the customer was created. */
export const CREATED = 'created';
/** Pseudo field of a change: other customers were merged into this one. */
export const MERGED = 'merged';

/** One customer to send to Mindbox, for all of its changes in a batch. */
export interface CustomerChange {
  customerId: number;
  /** History id of the newest change of the customer in the batch. */
  historyId: number;
  /** History field names that changed, sorted, plus `created` / `merged`. */
  fields: string[];
}

/** A customer deleted in the CRM, on its own or merged into another. */
export interface CustomerRemoval {
  customerId: number;
  historyId: number;
  /** The customer it was merged into (`combinedTo`). */
  mergedInto?: number;
}

/** What a batch of history records asks for. */
export interface HistoryBatch {
  /** One entry per customer, in the order of their newest change. */
  changed: CustomerChange[];
  removed: CustomerRemoval[];
  /** How the records were sorted out, for metrics. */
  counts: { records: number; own: number; otherSite: number; unmapped: number };
}

/** A change made with the module's own API key (its write-backs): never sent back. */
export function isOwnWrite(record: HistoryRecord): boolean {
  return record.apiKey?.current === true;
}

function siteOf(record: CustomerHistoryRecord): string | undefined {
  return typeof record.customer?.site === 'string' ? record.customer.site : undefined;
}

function mergedIntoOf(record: CustomerHistoryRecord): number | undefined {
  const target = record.combinedTo ?? record.customer?.combinedTo;
  const id = Number(target?.id);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * Sorts a batch of customer history records (oldest first) into what to send to Mindbox, with
 * the rules of the README:
 * - the module's own writes (`apiKey.current`) and customers of shops outside `sites` (when the
 *   Access tab names shops) are skipped;
 * - only changes of fields the tabs map count; a creation always does;
 * - all changes of one customer collapse into one entry with the newest history id;
 * - a deletion drops the customer's changes and is reported as a removal; a merge
 *   (`combinedTo`) also marks the surviving customer as changed (`merged`), since it took over
 *   the merged customer's orders and contacts.
 *
 * Pure: no I/O.
 */
export function collectCustomerChanges(
  records: readonly CustomerHistoryRecord[],
  settings: CustomerMappingSettings,
  sites: readonly string[] = [],
): HistoryBatch {
  const changed = new Map<number, { historyId: number; fields: Set<string> }>();
  const removed = new Map<number, CustomerRemoval>();
  const counts = { records: records.length, own: 0, otherSite: 0, unmapped: 0 };

  const touch = (customerId: number, historyId: number, field: string): void => {
    if (removed.has(customerId)) return;
    const entry = changed.get(customerId) ?? { historyId, fields: new Set<string>() };
    entry.historyId = Math.max(entry.historyId, historyId);
    entry.fields.add(field);
    // Re-inserting keeps the map in the order of each customer's newest change.
    changed.delete(customerId);
    changed.set(customerId, entry);
  };

  for (const record of records) {
    const customerId = Number(record.customer?.id);
    if (!Number.isInteger(customerId) || customerId <= 0) {
      counts.unmapped += 1;
      continue;
    }
    if (isOwnWrite(record)) {
      counts.own += 1;
      continue;
    }
    const site = siteOf(record);
    if (sites.length > 0 && site !== undefined && !sites.includes(site)) {
      counts.otherSite += 1;
      continue;
    }
    if (record.deleted) {
      changed.delete(customerId);
      const mergedInto = mergedIntoOf(record);
      removed.set(customerId, { customerId, historyId: record.id, ...(mergedInto ? { mergedInto } : {}) });
      if (mergedInto) touch(mergedInto, record.id, MERGED);
      continue;
    }
    if (record.created) touch(customerId, record.id, CREATED);
    else if (isMappedHistoryField(record.field, settings)) touch(customerId, record.id, record.field);
    else counts.unmapped += 1;
  }

  return {
    changed: [...changed].map(([customerId, { historyId, fields }]) => ({
      customerId,
      historyId,
      fields: [...fields].sort(),
    })),
    removed: [...removed.values()],
    counts,
  };
}

/**
 * Customers that got an order in a batch of order history records: the customer of every created
 * order, and the new customer of an order moved to another customer. With "sync customers
 * without orders" off such customers reach Mindbox only now; their own history shows nothing
 * (the CRM keeps `ordersCount` without a history record). Pure: no I/O.
 */
export function customersWithNewOrders(
  records: readonly OrderHistoryRecord[],
  sites: readonly string[] = [],
): number[] {
  const found = new Set<number>();
  for (const record of records) {
    if (isOwnWrite(record)) continue;
    const site = typeof record.order?.site === 'string' ? record.order.site : undefined;
    if (sites.length > 0 && site !== undefined && !sites.includes(site)) continue;
    let customerId: unknown;
    if (record.created) customerId = record.order?.customer?.id ?? record.order?.customerId;
    else if (record.field === 'customer' && !record.deleted) {
      customerId = (record.newValue as { id?: unknown } | null | undefined)?.id;
    }
    const id = Number(customerId);
    if (Number.isInteger(id) && id > 0) found.add(id);
  }
  return [...found];
}
