import type { EntitySyncStatus, FullLoadProgress, JournalEntry, SyncEntity, SyncStatus } from './types';

// Reads the answers of `GET /api/v1/sync/status` and `/sync/journal` (the gateway's SyncService over
// customer-sync's status reader: `fullLoad.{status, done, total, rate /s}`, `counters`, `queueDepth`,
// journal `entries` with `outcome` and `canRetry`) leniently: a missing or renamed field shows "—"
// instead of breaking the tab, and flatter shapes are read too.

type Json = Record<string, unknown>;

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A string, or a number written as one (ids often come as numbers). */
function text(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : str(value);
}

function first(source: Json, keys: string[]): unknown {
  for (const key of keys) if (source[key] !== undefined && source[key] !== null) return source[key];
  return undefined;
}

function sum(...values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

const FULL_LOAD_STATES = ['idle', 'running', 'done', 'failed'] as const;

function fullLoad(value: unknown): FullLoadProgress | null {
  const source = record(value);
  if (!source) return null;
  const rawState = str(first(source, ['status', 'state']));
  const state = FULL_LOAD_STATES.find((s) => s === rawState) ?? (rawState === 'completed' ? 'done' : 'idle');
  // `rate` is items a second, as customer-sync measures it.
  const perSecond = num(first(source, ['ratePerSecond', 'rate']));
  return {
    state,
    done: num(first(source, ['done', 'processed'])) ?? 0,
    total: num(source.total),
    ratePerMinute: num(source.ratePerMinute) ?? (perSecond === null ? null : perSecond * 60),
    startedAt: str(source.startedAt),
  };
}

function errorText(value: unknown): string | null {
  return str(value) ?? str(first(record(value) ?? {}, ['text', 'message']));
}

/** An entity's status; null when the server keeps none for it (e.g. `orders: null`). */
function entity(value: unknown): EntitySyncStatus | null {
  const source = record(value);
  if (!source) return null;
  const counters = record(source.counters) ?? source;
  const load = record(source.fullLoad);
  const live = record(source.live);
  const lastError = first(source, ['lastError', 'error']);
  const message = errorText(lastError) ?? str(live?.lastError) ?? str(load?.lastError);
  return {
    fullLoad: fullLoad(load),
    synced: num(counters.synced),
    // Refused by Mindbox and given up after retries both need the manager's eye.
    failed: sum(num(counters.failed), num(counters.rejected)),
    queueDepth: num(first(source, ['queueDepth', 'pendingMessages'])),
    lastError: message ? { message, at: str(record(lastError)?.at) ?? str(live?.lastErrorAt) ?? null } : null,
  };
}

/**
 * `GET /api/v1/sync/status`: `{customers, orders}` at the top or under `entities`, or a list of
 * statuses each naming its `entity`.
 */
export function readSyncStatus(body: unknown): SyncStatus {
  const source = record(body) ?? {};
  const list = Array.isArray(body) ? body : Array.isArray(source.entities) ? source.entities : null;
  const byEntity: Partial<Record<SyncEntity, unknown>> = {};
  if (list) {
    for (const item of list) {
      const name = str(record(item)?.entity);
      if (name === 'customers' || name === 'orders') byEntity[name] = item;
    }
  } else {
    const entities = record(source.entities) ?? source;
    byEntity.customers = entities.customers;
    byEntity.orders = entities.orders;
  }
  return { customers: entity(byEntity.customers), orders: entity(byEntity.orders) };
}

const FAILED = ['failed', 'error', 'parked', 'rejected'];
const OK = ['ok', 'done', 'success', 'synced', 'skipped'];

function journalEntry(value: unknown): JournalEntry | null {
  const source = record(value);
  if (!source) return null;
  const id = text(source.id);
  if (id === null) return null;
  const outcome = str(first(source, ['outcome', 'status'])) ?? '';
  const status: JournalEntry['status'] = FAILED.includes(outcome)
    ? 'failed'
    : outcome === 'warning'
      ? 'warning'
      : OK.includes(outcome)
        ? 'ok'
        : 'pending';
  return {
    id,
    at: str(first(source, ['at', 'createdAt', 'finishedAt'])),
    entity: str(first(source, ['entity', 'kind'])) ?? '',
    operation: str(first(source, ['mindboxOperation', 'operation', 'action'])) ?? '',
    subject: text(first(source, ['subject', 'crmId', 'entityId', 'externalId'])) ?? '',
    status,
    error: errorText(first(source, ['error', 'errorText', 'lastError'])),
    // `canRetry`: the manager may send it again; `retryable` (older answers): waiting could help.
    retryable:
      typeof source.canRetry === 'boolean'
        ? source.canRetry
        : typeof source.retryable === 'boolean'
          ? source.retryable
          : status === 'failed',
  };
}

/** `GET /api/v1/sync/journal`: a list, or `{entries: [...]}` / `{items: [...]}`. */
export function readJournal(body: unknown): JournalEntry[] {
  const source = record(body);
  const list = Array.isArray(body) ? body : (source?.entries ?? source?.items);
  if (!Array.isArray(list)) return [];
  return list.map(journalEntry).filter((entry): entry is JournalEntry => entry !== null);
}
