import type { RetailCrmProductField } from '@app/settings';
import type { ProductFeedEntity } from '../storage/product-feed.entity';

/** The work a feed needs: a full read of the catalogue, a change pass, only a render, or nothing. */
export type FeedWork = 'full' | 'changes' | 'render';

/** When and how often, from {@link FeedsConfig}. */
export interface DueRules {
  refreshMs: number;
  fullReadMs: number;
}

/** The id field a feed uses while the Products tab is not saved. */
export const DEFAULT_ID_FIELD: RetailCrmProductField = 'offer.externalId';

const sameSites = (a: string[] | null, b: string[]) =>
  a !== null && a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * What is due for a feed now. A full read comes first (never read, asked for, other shops, or
 * the full-read interval passed), then change passes every refresh interval, and a render
 * whenever the catalogue copy changed or the Products tab named another id field. After a
 * failure the feed waits a refresh interval (at most a minute) before the next attempt.
 */
export function dueWork(
  feed: ProductFeedEntity,
  account: { sites: string[]; idField: RetailCrmProductField },
  now: number,
  rules: DueRules,
): FeedWork | null {
  const since = (date: Date | null) => (date ? now - date.getTime() : Number.POSITIVE_INFINITY);
  if (since(feed.lastErrorAt) < Math.min(rules.refreshMs, 60_000)) return null;
  if (
    feed.fullRequested ||
    feed.syncRun === 0 ||
    !sameSites(feed.sites, account.sites) ||
    since(feed.fullSyncAt) >= rules.fullReadMs
  ) {
    return 'full';
  }
  if (since(feed.changeSyncAt) >= rules.refreshMs) return 'changes';
  if (feed.dirty || feed.generation === 0 || feed.idField !== account.idField) return 'render';
  return null;
}
