import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pagination, Product, RetailCrmClient, StoreFilter } from '@app/retailcrm';
import { FeedsConfig } from '../feeds.config';
import { FeedRepository } from '../storage/feed.repository';
import { categoryRowOf, newestUpdate, nextCursor, offerRowsOf, stockOf } from './catalogue-rows';

/** The CRM side of one account's feed. */
export interface CatalogueSource {
  accountId: string;
  /** Shops of the Access tab; empty: every shop the key reaches. */
  sites: string[];
  crm: RetailCrmClient;
}

/** What a read of the CRM catalogue did. */
export interface ReadOutcome {
  /** Whether the catalogue copy changed (the feed needs a render). */
  changed: boolean;
  requests: number;
  offers: number;
}

const PAGE = 100;

/**
 * Copies an account's catalogue from RetailCRM into `product_feed_offer` / `_category`, a page at
 * a time (memory holds one page). A full read walks every product by `filter[sinceId]` (stable
 * when products are added meanwhile) and sweeps what it did not see; a change pass reads only
 * the products edited after the cursor (`filter[sinceUpdatedAt]`), all stock (inventories have
 * no change filter) and the groups. Requests are spaced by `FEED_CRM_REQUEST_GAP_MS` on top of
 * the shared rate budget, so a large catalogue never takes the whole of the key's 10 a second.
 */
@Injectable()
export class CatalogueReader {
  constructor(
    private readonly feeds: FeedRepository,
    private readonly config: FeedsConfig,
  ) {}

  /** Reads everything; offers and groups the CRM no longer has are removed. */
  async fullRead(source: CatalogueSource, run: number): Promise<ReadOutcome & { cursor: string | null }> {
    const pacer = new Pacer(this.config.crmRequestGapMs);
    let changed = await this.readGroups(source, run, pacer);
    let newest: string | null = null;
    let offers = 0;
    for await (const products of this.productPages(source, {}, pacer)) {
      newest = newestUpdate(newest, products);
      const rows = products.flatMap(offerRowsOf);
      offers += rows.length;
      if ((await this.feeds.upsertOffers(source.accountId, run, rows)) > 0) changed = true;
    }
    if ((await this.feeds.sweep('product_feed_offer', source.accountId, run)) > 0) changed = true;
    return { changed, requests: pacer.requests, offers, cursor: nextCursor(null, newest) };
  }

  /** Reads what changed after `cursor`, then all stock; gives the next cursor. */
  async changePass(
    source: CatalogueSource,
    run: number,
    cursor: string | null,
  ): Promise<ReadOutcome & { cursor: string | null }> {
    const pacer = new Pacer(this.config.crmRequestGapMs);
    let changed = await this.readGroups(source, run, pacer);
    let newest: string | null = null;
    let offers = 0;
    const filter: StoreFilter = cursor ? { sinceUpdatedAt: cursor } : {};
    for await (const products of this.productPages(source, filter, pacer)) {
      newest = newestUpdate(newest, products);
      const rows = products.flatMap(offerRowsOf);
      offers += rows.length;
      if ((await this.feeds.upsertOffers(source.accountId, run, rows)) > 0) changed = true;
      const removed = await this.feeds.removeOffersNotListed(
        source.accountId,
        products.map((product) => product.id),
        rows.map((row) => row.offerId),
      );
      if (removed > 0) changed = true;
    }
    for (let page = 1; ; page += 1) {
      const list = await pacer.call(() => source.crm.store.inventories(this.sitesFilter(source), page, PAGE));
      if ((await this.feeds.updateQuantities(source.accountId, list.offers.map(stockOf))) > 0) changed = true;
      if (isLastPage(list.pagination, page)) break;
    }
    return { changed, requests: pacer.requests, offers, cursor: nextCursor(cursor, newest) };
  }

  private async readGroups(source: CatalogueSource, run: number, pacer: Pacer): Promise<boolean> {
    let changed = false;
    for (let page = 1; ; page += 1) {
      const list = await pacer.call(() =>
        source.crm.store.productGroups(this.sitesFilter(source), page, PAGE),
      );
      if (
        (await this.feeds.upsertCategories(source.accountId, run, list.productGroups.map(categoryRowOf))) > 0
      ) {
        changed = true;
      }
      if (isLastPage(list.pagination, page)) break;
    }
    if ((await this.feeds.sweep('product_feed_category', source.accountId, run)) > 0) changed = true;
    return changed;
  }

  private async *productPages(
    source: CatalogueSource,
    extra: StoreFilter,
    pacer: Pacer,
  ): AsyncGenerator<Product[]> {
    let sinceId = 0;
    for (;;) {
      const filter = { ...this.sitesFilter(source), ...extra, ...(sinceId > 0 ? { sinceId } : {}) };
      const list = await pacer.call(() => source.crm.store.products(filter, 1, PAGE));
      if (list.products.length > 0) yield list.products;
      const last = list.products.at(-1)?.id;
      if (list.products.length < PAGE || last === undefined || last <= sinceId) return;
      sinceId = last;
    }
  }

  private sitesFilter(source: CatalogueSource): StoreFilter {
    return source.sites.length > 0 ? { sites: source.sites } : {};
  }
}

function isLastPage(pagination: Pagination | undefined, page: number): boolean {
  return !pagination || page >= (pagination.totalPageCount ?? 1);
}

/** Counts a read's requests and keeps them at least `gapMs` apart. */
class Pacer {
  requests = 0;
  private lastAt = 0;

  constructor(private readonly gapMs: number) {}

  async call<T>(request: () => Promise<T>): Promise<T> {
    const wait = this.lastAt + this.gapMs - Date.now();
    if (wait > 0) await sleep(wait);
    this.lastAt = Date.now();
    this.requests += 1;
    return request();
  }
}
