import { Injectable } from '@nestjs/common';
import { FeedRepository } from '../storage/feed.repository';
import type { SkippedCounts } from '../storage/product-feed.entity';
import { emptySkipped } from '../yml/feed-entries';

/** The product feed's state for the sync status (`GET /api/v1/sync/status`). */
export interface FeedStatus {
  entity: 'products';
  /** `pending` until the first feed is built; `failing` while the last attempt failed. */
  state: 'pending' | 'ready' | 'failing';
  offers: number;
  available: number;
  categories: number;
  skipped: SkippedCounts;
  /** When the served feed's content last changed (its Last-Modified). */
  lastModified: string | null;
  /** When the feed was last rendered, changed or not. */
  lastBuildAt: string | null;
  lastBuildMs: number | null;
  lastFullReadAt: string | null;
  lastChangePassAt: string | null;
  /** CRM requests of the last read. */
  crmRequests: number;
  sizeGzip: number | null;
  sizeXml: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Reads an account's feed state; needs only the TypeORM connection. */
@Injectable()
export class FeedStatusReader {
  constructor(private readonly feeds: FeedRepository) {}

  async status(accountId: string): Promise<FeedStatus> {
    const feed = await this.feeds.find(accountId);
    const state = feed?.lastError ? 'failing' : feed && feed.generation > 0 ? 'ready' : 'pending';
    return {
      entity: 'products',
      state,
      offers: feed?.offers ?? 0,
      available: feed?.available ?? 0,
      categories: feed?.categories ?? 0,
      skipped: { ...emptySkipped(), ...feed?.skipped },
      lastModified: iso(feed?.lastModified ?? null),
      lastBuildAt: iso(feed?.builtAt ?? null),
      lastBuildMs: feed?.buildMs ?? null,
      lastFullReadAt: iso(feed?.fullSyncAt ?? null),
      lastChangePassAt: iso(feed?.changeSyncAt ?? null),
      crmRequests: feed?.crmRequests ?? 0,
      sizeGzip: feed?.sizeGzip ?? null,
      sizeXml: feed?.sizeXml ?? null,
      lastError: feed?.lastError ?? null,
      lastErrorAt: iso(feed?.lastErrorAt ?? null),
    };
  }
}
