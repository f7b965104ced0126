import type { Actor, Json, JsonObject } from './crm.types';
import type { View } from './entity-views';
import type { FieldChange } from './history-diff';

/** What a history record points at. */
export interface HistorySubject {
  id: number;
  externalId?: string;
  site: string;
}

/** One stored history record; `apiKey` is the key that made the change, rendered per reader. */
export interface HistoryEntry {
  id: number;
  createdAt: string;
  created?: true;
  deleted?: true;
  actor: Actor;
  field: string;
  oldValue: Json;
  newValue: Json;
  subject: HistorySubject;
  /**
   * The short reference or, on created/deleted records, the full snapshot; a function renders
   * the snapshot when read, so bulk writes keep only the (immutable) entity.
   */
  entity: View | (() => View);
  extra?: JsonObject;
}

/** Filters and paging of `GET /api/v5/{customers|orders}/history`. */
export interface HistoryQuery {
  sinceId?: number;
  startDate?: string;
  endDate?: string;
  entityId?: number;
  entityExternalId?: string;
  /** Shops the reading key reaches; `undefined` = all. */
  sites?: string[];
  limit: number;
  page: number;
}

export interface Pagination {
  limit: number;
  totalCount: number;
  currentPage: number;
  totalPageCount: number;
}

export function pagination(limit: number, page: number, totalCount: number): Pagination {
  return { limit, totalCount, currentPage: page, totalPageCount: Math.ceil(totalCount / limit) };
}

/**
 * The change log of one entity kind of one account, written the way the real CRM writes it:
 * ids grow by one per record, a create writes one `created` record with the full entity, an edit
 * one record per changed field, a delete one `deleted` record with the full entity.
 */
export class HistoryLog {
  private readonly entries: HistoryEntry[] = [];
  private lastId = 0;

  /** @param entityKey the key holding the entity in a record: `customer` or `order` */
  constructor(private readonly entityKey: 'customer' | 'order') {}

  get size(): number {
    return this.entries.length;
  }

  get lastRecordId(): number {
    return this.lastId;
  }

  created(
    actor: Actor,
    at: string,
    subject: HistorySubject,
    snapshot: View | (() => View),
    field: string,
    newValue: Json,
  ): void {
    this.push({
      createdAt: at,
      created: true,
      actor,
      field,
      oldValue: null,
      newValue,
      subject,
      entity: snapshot,
    });
  }

  deleted(
    actor: Actor,
    at: string,
    subject: HistorySubject,
    snapshot: View | (() => View),
    extra?: JsonObject,
  ): void {
    this.push({
      createdAt: at,
      deleted: true,
      actor,
      field: 'id',
      oldValue: subject.id,
      newValue: null,
      subject,
      entity: snapshot,
      ...(extra ? { extra } : {}),
    });
  }

  changed(actor: Actor, at: string, subject: HistorySubject, ref: View, changes: FieldChange[]): void {
    for (const change of changes) {
      this.push({
        createdAt: at,
        actor,
        field: change.field,
        oldValue: change.oldValue,
        newValue: change.newValue,
        subject,
        entity: ref,
        ...(change.extra ? { extra: change.extra } : {}),
      });
    }
  }

  /** One page of records as the key `readerKey` sees them. */
  page(query: HistoryQuery, readerKey: string): { history: View[]; pagination: Pagination } {
    const matching: HistoryEntry[] = [];
    for (let index = this.firstAfter(query.sinceId ?? 0); index < this.entries.length; index++) {
      const entry = this.entries[index];
      if (matches(entry, query)) matching.push(entry);
    }
    const from = (query.page - 1) * query.limit;
    return {
      history: matching.slice(from, from + query.limit).map((entry) => this.render(entry, readerKey)),
      pagination: pagination(query.limit, query.page, matching.length),
    };
  }

  /** Every record, as a key that made none of them sees them (control and tests). */
  all(): View[] {
    return this.entries.map((entry) => this.render(entry, ''));
  }

  clear(): void {
    this.entries.length = 0;
  }

  private push(entry: Omit<HistoryEntry, 'id'>): void {
    this.entries.push({ id: ++this.lastId, ...entry });
  }

  // Ids grow with the array, so the first record after a sinceId is found by bisection.
  private firstAfter(sinceId: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].id <= sinceId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private render(entry: HistoryEntry, readerKey: string): View {
    const { actor } = entry;
    return {
      id: entry.id,
      createdAt: entry.createdAt,
      ...(entry.created ? { created: true } : {}),
      ...(entry.deleted ? { deleted: true } : {}),
      source: actor.source,
      ...(actor.source === 'user' ? { user: { id: actor.userId } } : {}),
      field: entry.field,
      ...(actor.source === 'api' ? { apiKey: { current: actor.apiKey === readerKey } } : {}),
      oldValue: entry.oldValue,
      newValue: entry.newValue,
      [this.entityKey]: typeof entry.entity === 'function' ? entry.entity() : entry.entity,
      ...entry.extra,
    };
  }
}

function matches(entry: HistoryEntry, query: HistoryQuery): boolean {
  const { subject } = entry;
  return (
    (query.sites === undefined || query.sites.includes(subject.site)) &&
    (query.entityId === undefined || subject.id === query.entityId) &&
    (query.entityExternalId === undefined || subject.externalId === query.entityExternalId) &&
    (query.startDate === undefined || entry.createdAt >= query.startDate) &&
    (query.endDate === undefined || entry.createdAt <= query.endDate)
  );
}
