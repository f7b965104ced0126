import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DataSource, QueryRunner } from 'typeorm';
import type { RetailCrmProductField } from '@app/settings';
import { FeedsConfig } from '../feeds.config';
import { FeedRepository } from '../storage/feed.repository';
import type { SkippedCounts } from '../storage/product-feed.entity';
import {
  CategoryRenderRow,
  emptySkipped,
  feedCategories,
  feedEntryOf,
  feedIdColumn,
  RenderRow,
} from '../yml/feed-entries';
import {
  FeedShop,
  ymlCategory,
  ymlOffer,
  ymlPreamble,
  ymlShopHead,
  YML_CLOSE,
  YML_OFFERS_OPEN,
} from '../yml/yml-document';

/** What a render is made from besides the catalogue copy. */
export interface RenderInput {
  accountId: string;
  idField: RetailCrmProductField;
  shop: FeedShop;
  /** The lease holder; the feed is swapped in only while it still holds the lease. */
  holder: string;
}

/** What a render did. */
export interface RenderOutcome {
  changed: boolean;
  offers: number;
  skipped: SkippedCounts;
  sizeGzip: number;
  sizeXml: number;
}

/** Gzipped bytes per stored chunk: a download holds one at a time. */
const CHUNK_BYTES = 512 * 1024;
/** Offer rows per FETCH from the cursor. */
const FETCH_ROWS = 1_000;

/**
 * Writes an account's feed from its catalogue copy as a stream: rows come from a server-side
 * cursor a thousand at a time, pass through the YML writer and gzip, and are stored as 512 KiB
 * chunks of a new generation, all in one transaction. Memory holds a batch of rows and a chunk,
 * whatever the catalogue's size. A feed whose content (everything but its date) hashes like the
 * served one is rolled back: its ETag and Last-Modified stay, and a conditional GET stays a 304.
 */
@Injectable()
export class FeedRenderer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeds: FeedRepository,
    private readonly config: FeedsConfig,
  ) {}

  async render(input: RenderInput): Promise<RenderOutcome> {
    const startedAt = Date.now();
    const current = await this.feeds.find(input.accountId);
    const generation = (current?.generation ?? 0) + 1;
    const lastModified = new Date(Math.floor(startedAt / 1000) * 1000);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const counts = { offers: 0, available: 0, categories: 0, skipped: emptySkipped(), sizeXml: 0 };
      const hash = createHash('sha256');
      const parts = this.parts(runner, input, counts);
      const text = async function* () {
        const preamble = ymlPreamble(lastModified);
        counts.sizeXml += Buffer.byteLength(preamble);
        yield preamble;
        for await (const part of parts) {
          hash.update(part);
          counts.sizeXml += Buffer.byteLength(part);
          yield part;
        }
      };
      const sink = new ChunkSink((seq, data) =>
        this.feeds.insertChunk(runner.manager, input.accountId, generation, seq, data),
      );
      await pipeline(Readable.from(text()), createGzip({ level: 6 }), sink);
      const contentHash = hash.digest('hex');
      const outcome = {
        offers: counts.offers,
        skipped: counts.skipped,
        sizeGzip: sink.bytes,
        sizeXml: counts.sizeXml,
      };
      if (
        current &&
        current.generation > 0 &&
        current.contentHash === contentHash &&
        current.idField === input.idField
      ) {
        await runner.rollbackTransaction();
        await this.feeds.markUnchanged(
          input.accountId,
          input.idField,
          counts.skipped,
          Date.now() - startedAt,
        );
        return { changed: false, ...outcome };
      }
      if (!(await this.feeds.holdsLease(runner.manager, input.accountId, input.holder))) {
        throw new Error('the builder lease was lost during the render; another replica builds this feed');
      }
      await this.feeds.swapIn(
        runner.manager,
        input.accountId,
        {
          generation,
          etag: `W/"${contentHash.slice(0, 40)}"`,
          contentHash,
          idField: input.idField,
          lastModified,
          sizeGzip: sink.bytes,
          sizeXml: counts.sizeXml,
          offers: counts.offers,
          available: counts.available,
          categories: counts.categories,
          skipped: counts.skipped,
          buildMs: Date.now() - startedAt,
        },
        this.config.keepReplacedMs,
      );
      await runner.commitTransaction();
      return { changed: true, ...outcome };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The feed after its preamble, in pieces, counting as it goes. */
  private async *parts(
    runner: QueryRunner,
    input: RenderInput,
    counts: { offers: number; available: number; categories: number; skipped: SkippedCounts },
  ): AsyncGenerator<string> {
    const categoryRows = (await runner.query(
      `SELECT group_id::text, external_id, parent_id::text, name FROM product_feed_category
        WHERE account_id = $1 AND active ORDER BY group_id`,
      [input.accountId],
    )) as CategoryRenderRow[];
    const categories = feedCategories(categoryRows, input.idField);
    const categoryIds = new Map(categoryRows.map((row, index) => [row.group_id, categories[index].id]));
    counts.categories = categories.length;
    yield ymlShopHead(input.shop) + categories.map(ymlCategory).join('') + YML_OFFERS_OPEN;

    // The feed id is chosen in SQL so the rows come sorted by it: a duplicate id is the row
    // right after its first holder, and is dropped without remembering every id seen.
    await runner.query(
      `DECLARE feed_offers NO SCROLL CURSOR FOR
       SELECT offer_id::text, product_id::text, ${feedIdColumn(input.idField)} AS feed_id, product_external_id,
              name, url, picture, vendor, price::text, category_ids::text[] AS category_ids, product_active,
              offer_active, quantity::text
         FROM product_feed_offer WHERE account_id = $1
        ORDER BY ${feedIdColumn(input.idField)} COLLATE "C" NULLS LAST, offer_id`,
      [input.accountId],
    );
    let previousId: string | null = null;
    for (;;) {
      const rows = (await runner.query(`FETCH ${FETCH_ROWS} FROM feed_offers`)) as RenderRow[];
      if (rows.length === 0) break;
      let text = '';
      for (const row of rows) {
        const entry = feedEntryOf(row, input.idField, input.shop.currency, categoryIds);
        if ('skip' in entry) {
          counts.skipped[entry.skip] += 1;
          continue;
        }
        if (entry.offer.id === previousId) {
          counts.skipped.duplicateId += 1;
          continue;
        }
        previousId = entry.offer.id;
        if (entry.cleaned) counts.skipped.cleanedText += 1;
        counts.offers += 1;
        if (entry.offer.available) counts.available += 1;
        text += ymlOffer(entry.offer);
      }
      if (text) yield text;
    }
    await runner.query(`CLOSE feed_offers`);
    yield YML_CLOSE;
  }
}

/** Collects gzip output into chunks of {@link CHUNK_BYTES} and hands each to `store`. */
class ChunkSink extends Writable {
  bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(private readonly store: (seq: number, data: Buffer) => Promise<void>) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.bytes += chunk.length;
    if (this.pendingBytes < CHUNK_BYTES) {
      done();
      return;
    }
    this.flushPending().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.flushPending().then(() => done(), done);
  }

  private async flushPending(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.seq += 1;
    await this.store(this.seq, data);
  }
}
