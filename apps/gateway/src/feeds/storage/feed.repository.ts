import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity } from '@app/settings';
import type { CategoryRow, OfferRow } from '../catalogue/catalogue-rows';
import { ProductFeedEntity, SkippedCounts } from './product-feed.entity';

/** What a render stored, swapped in as the served feed. */
export interface RenderedFeed {
  generation: number;
  etag: string;
  contentHash: string;
  idField: string;
  lastModified: Date;
  sizeGzip: number;
  sizeXml: number;
  offers: number;
  available: number;
  categories: number;
  skipped: SkippedCounts;
  buildMs: number;
}

// An offer's stored columns, in the order of the unnest() arrays below.
const OFFER_COLUMNS = [
  ['offer_id', 'bigint'],
  ['product_id', 'bigint'],
  ['external_id', 'text'],
  ['xml_id', 'text'],
  ['article', 'text'],
  ['product_external_id', 'text'],
  ['name', 'text'],
  ['url', 'text'],
  ['picture', 'text'],
  ['vendor', 'text'],
  ['price', 'numeric'],
  ['category_ids', 'text'],
  ['product_active', 'boolean'],
  ['offer_active', 'boolean'],
  ['quantity', 'numeric'],
] as const;
const DATA_COLUMNS = OFFER_COLUMNS.slice(1).map(([name]) => name);

/** All SQL of the product feed's tables. */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  find(accountId: string, em?: EntityManager): Promise<ProductFeedEntity | null> {
    return this.manager(em).findOneBy(ProductFeedEntity, { accountId });
  }

  /** The account a feed token belongs to. */
  findAccountByFeedToken(feedToken: string): Promise<AccountEntity | null> {
    return this.dataSource.manager.findOneBy(AccountEntity, { feedToken });
  }

  /**
   * Takes the builder lease of each account that has none or an expired one, renews those this
   * holder has that are past half their time, and gives back the rows the holder now holds.
   */
  async holdLeases(accountIds: string[], holder: string, leaseMs: number): Promise<ProductFeedEntity[]> {
    if (accountIds.length === 0) return [];
    await this.dataSource.query(
      `INSERT INTO product_feed AS f (account_id, lease_holder, lease_until)
       SELECT id, $2, now() + make_interval(secs => $3::float8) FROM unnest($1::uuid[]) AS id
       ON CONFLICT (account_id) DO UPDATE
          SET lease_holder = EXCLUDED.lease_holder, lease_until = EXCLUDED.lease_until
        WHERE f.lease_holder IS NULL OR f.lease_until IS NULL OR f.lease_until < now()
           OR (f.lease_holder = EXCLUDED.lease_holder AND f.lease_until < now() + make_interval(secs => $3::float8 / 2))`,
      [accountIds, holder, leaseMs / 1000],
    );
    return this.dataSource
      .getRepository(ProductFeedEntity)
      .createQueryBuilder('f')
      .where('f.accountId = ANY(:ids)', { ids: accountIds })
      .andWhere('f.leaseHolder = :holder', { holder })
      .andWhere('f.leaseUntil > now()')
      .getMany();
  }

  /** Whether the holder still holds the account's lease (checked before a feed is swapped in). */
  async holdsLease(em: EntityManager, accountId: string, holder: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM product_feed WHERE account_id = $1 AND lease_holder = $2 AND lease_until > now() FOR UPDATE`,
      [accountId, holder],
    );
    return rows.length === 1;
  }

  async releaseLeases(holder: string): Promise<void> {
    await this.dataSource.query(`UPDATE product_feed SET lease_until = now() WHERE lease_holder = $1`, [
      holder,
    ]);
  }

  /** Asks for a full read of the catalogue at the next tick (a new list of shops, an operator). */
  async requestFull(accountId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO product_feed AS f (account_id, full_requested) VALUES ($1, true)
       ON CONFLICT (account_id) DO UPDATE SET full_requested = true, updated_at = now()`,
      [accountId],
    );
  }

  /**
   * Stores a page of offers for a read run; answers how many rows are new or differ from what
   * was stored (an unchanged row only gets the run number, which the sweep needs).
   */
  async upsertOffers(accountId: string, run: number, rows: OfferRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const arrays = OFFER_COLUMNS.map(([name]) =>
      rows.map((row) => {
        switch (name) {
          case 'offer_id':
            return row.offerId;
          case 'product_id':
            return row.productId;
          case 'external_id':
            return row.externalId;
          case 'xml_id':
            return row.xmlId;
          case 'article':
            return row.article;
          case 'product_external_id':
            return row.productExternalId;
          case 'category_ids':
            // unnest() cannot take an array of arrays of different lengths: one literal per row.
            return `{${row.categoryIds.join(',')}}`;
          case 'product_active':
            return row.productActive;
          case 'offer_active':
            return row.offerActive;
          default:
            return row[name];
        }
      }),
    );
    const unnest = OFFER_COLUMNS.map(([, type], index) => `$${index + 3}::${type}[]`).join(', ');
    const names = OFFER_COLUMNS.map(([name]) => name).join(', ');
    const selected = OFFER_COLUMNS.map(([name]) =>
      name === 'category_ids' ? 'category_ids::bigint[]' : name,
    ).join(', ');
    const [{ changed }] = (await this.dataSource.query(
      `WITH input AS (SELECT * FROM unnest(${unnest}) AS i(${names})),
            upsert AS (
              INSERT INTO product_feed_offer AS o (account_id, sync_run, ${names})
              SELECT $1, $2, ${selected} FROM input
              ON CONFLICT (account_id, offer_id) DO UPDATE
                 SET sync_run = EXCLUDED.sync_run, ${DATA_COLUMNS.map((name) => `${name} = EXCLUDED.${name}`).join(', ')},
                     updated_at = CASE WHEN (${DATA_COLUMNS.map((name) => `o.${name}`).join(', ')})
                                            IS DISTINCT FROM (${DATA_COLUMNS.map((name) => `EXCLUDED.${name}`).join(', ')})
                                       THEN now() ELSE o.updated_at END
              RETURNING 1)
       SELECT count(*)::int AS changed FROM input i
         LEFT JOIN product_feed_offer o ON o.account_id = $1 AND o.offer_id = i.offer_id
        WHERE o.offer_id IS NULL
           OR (${DATA_COLUMNS.map((name) => `o.${name}`).join(', ')})
              IS DISTINCT FROM (${DATA_COLUMNS.map((name) => (name === 'category_ids' ? 'i.category_ids::bigint[]' : `i.${name}`)).join(', ')})`,
      [accountId, run, ...arrays],
    )) as { changed: number }[];
    return changed;
  }

  /** Removes the offers of the given products that the CRM no longer lists under them. */
  async removeOffersNotListed(
    accountId: string,
    productIds: number[],
    listedOfferIds: number[],
  ): Promise<number> {
    if (productIds.length === 0) return 0;
    const [, count] = (await this.dataSource.query(
      `DELETE FROM product_feed_offer
        WHERE account_id = $1 AND product_id = ANY($2::bigint[]) AND NOT (offer_id = ANY($3::bigint[]))`,
      [accountId, productIds, listedOfferIds],
    )) as [unknown, number];
    return count;
  }

  /** Sets stock from inventories; answers how many offers changed. */
  async updateQuantities(accountId: string, stock: { offerId: number; quantity: number }[]): Promise<number> {
    if (stock.length === 0) return 0;
    const [, count] = (await this.dataSource.query(
      `UPDATE product_feed_offer o SET quantity = i.quantity, updated_at = now()
         FROM unnest($2::bigint[], $3::numeric[]) AS i(offer_id, quantity)
        WHERE o.account_id = $1 AND o.offer_id = i.offer_id AND o.quantity IS DISTINCT FROM i.quantity`,
      [accountId, stock.map((entry) => entry.offerId), stock.map((entry) => entry.quantity)],
    )) as [unknown, number];
    return count;
  }

  /** Stores the groups read in a run; answers how many are new or changed. */
  async upsertCategories(accountId: string, run: number, rows: CategoryRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const [{ changed }] = (await this.dataSource.query(
      `WITH input AS (
              SELECT * FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::boolean[])
                AS i(group_id, external_id, parent_id, name, active)),
            upsert AS (
              INSERT INTO product_feed_category AS c (account_id, sync_run, group_id, external_id, parent_id, name, active)
              SELECT $1, $2, group_id, external_id, parent_id, name, active FROM input
              ON CONFLICT (account_id, group_id) DO UPDATE
                 SET sync_run = EXCLUDED.sync_run, external_id = EXCLUDED.external_id,
                     parent_id = EXCLUDED.parent_id, name = EXCLUDED.name, active = EXCLUDED.active
              RETURNING 1)
       SELECT count(*)::int AS changed FROM input i
         LEFT JOIN product_feed_category c ON c.account_id = $1 AND c.group_id = i.group_id
        WHERE c.group_id IS NULL
           OR (c.external_id, c.parent_id, c.name, c.active) IS DISTINCT FROM (i.external_id, i.parent_id, i.name, i.active)`,
      [
        accountId,
        run,
        rows.map((row) => row.groupId),
        rows.map((row) => row.externalId),
        rows.map((row) => row.parentId),
        rows.map((row) => row.name),
        rows.map((row) => row.active),
      ],
    )) as { changed: number }[];
    return changed;
  }

  /** Removes the offers (or groups) a completed read run did not see. */
  async sweep(
    table: 'product_feed_offer' | 'product_feed_category',
    accountId: string,
    run: number,
  ): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM ${table} WHERE account_id = $1 AND sync_run < $2`,
      [accountId, run],
    )) as [unknown, number];
    return count;
  }

  /** A full read finished: its run, the cursor for change passes, the shops it covered. */
  async finishFullRead(
    accountId: string,
    read: { run: number; cursor: string | null; sites: string[]; requests: number; changed: boolean },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE product_feed
          SET sync_run = $2, since_updated_at = $3, sites = $4, crm_requests = $5, full_requested = false,
              dirty = dirty OR $6, full_sync_at = now(), change_sync_at = now(), last_error = NULL,
              last_error_at = NULL, updated_at = now()
        WHERE account_id = $1`,
      [accountId, read.run, read.cursor, read.sites, read.requests, read.changed],
    );
  }

  /** A change pass finished. */
  async finishChangePass(
    accountId: string,
    pass: { cursor: string | null; requests: number; changed: boolean },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE product_feed
          SET since_updated_at = $2, crm_requests = $3, dirty = dirty OR $4, change_sync_at = now(),
              last_error = NULL, last_error_at = NULL, updated_at = now()
        WHERE account_id = $1`,
      [accountId, pass.cursor, pass.requests, pass.changed],
    );
  }

  async recordError(accountId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE product_feed SET last_error = $2, last_error_at = now(), updated_at = now() WHERE account_id = $1`,
      [accountId, error.slice(0, 2000)],
    );
  }

  /** Inserts one gzipped piece of a feed being rendered, in the render's transaction. */
  async insertChunk(
    em: EntityManager,
    accountId: string,
    generation: number,
    seq: number,
    data: Buffer,
  ): Promise<void> {
    await em.query(
      `INSERT INTO product_feed_chunk (account_id, generation, seq, data) VALUES ($1, $2, $3, $4)`,
      [accountId, generation, seq, data],
    );
  }

  /**
   * Makes a rendered feed the served one, in the render's transaction: the previous generation
   * is marked superseded, and generations superseded longer than `keepMs` ago are deleted.
   */
  async swapIn(em: EntityManager, accountId: string, feed: RenderedFeed, keepMs: number): Promise<void> {
    await em.query(
      `UPDATE product_feed_chunk SET superseded_at = now()
        WHERE account_id = $1 AND generation <> $2 AND superseded_at IS NULL`,
      [accountId, feed.generation],
    );
    await em.query(
      `DELETE FROM product_feed_chunk
        WHERE account_id = $1 AND superseded_at < now() - make_interval(secs => $2::float8)`,
      [accountId, keepMs / 1000],
    );
    await em.query(
      `UPDATE product_feed
          SET generation = $2, etag = $3, content_hash = $4, id_field = $5, last_modified = $6, size_gzip = $7,
              size_xml = $8, offers = $9, available = $10, categories = $11, skipped = $12, built_at = now(),
              build_ms = $13, dirty = false, last_error = NULL, last_error_at = NULL,
              updated_at = now()
        WHERE account_id = $1`,
      [
        accountId,
        feed.generation,
        feed.etag,
        feed.contentHash,
        feed.idField,
        feed.lastModified,
        feed.sizeGzip,
        feed.sizeXml,
        feed.offers,
        feed.available,
        feed.categories,
        JSON.stringify(feed.skipped),
        feed.buildMs,
      ],
    );
  }

  /** A render found the feed unchanged: only when it looked, and what it counted, are kept. */
  async markUnchanged(
    accountId: string,
    idField: string,
    skipped: SkippedCounts,
    buildMs: number,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE product_feed SET built_at = now(), build_ms = $3, id_field = $2, skipped = $4, dirty = false,
              last_error = NULL, last_error_at = NULL, updated_at = now()
        WHERE account_id = $1`,
      [accountId, idField, buildMs, JSON.stringify(skipped)],
    );
  }

  /** One gzipped piece of a served feed, or null when it is gone (a newer feed replaced it long ago). */
  async readChunk(accountId: string, generation: number, seq: number): Promise<Buffer | null> {
    const rows = (await this.dataSource.query(
      `SELECT data FROM product_feed_chunk WHERE account_id = $1 AND generation = $2 AND seq = $3`,
      [accountId, generation, seq],
    )) as { data: Buffer }[];
    return rows[0]?.data ?? null;
  }

  async chunkCount(accountId: string, generation: number): Promise<number> {
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM product_feed_chunk WHERE account_id = $1 AND generation = $2`,
      [accountId, generation],
    )) as { count: number }[];
    return count;
  }

  /** The Products tab's `ids.retailcrmField` of each account that saved the tab. */
  async idFields(accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT account_id, settings->'ids'->>'retailcrmField' AS id_field FROM product_settings WHERE account_id = ANY($1::uuid[])`,
      [accountIds],
    )) as { account_id: string; id_field: string | null }[];
    return new Map(rows.filter((row) => row.id_field).map((row) => [row.account_id, row.id_field as string]));
  }

  /** A new secret for the account's feed URL. */
  async setFeedToken(accountId: string, feedToken: string): Promise<void> {
    await this.dataSource.query(`UPDATE account SET feed_token = $2, updated_at = now() WHERE id = $1`, [
      accountId,
      feedToken,
    ]);
  }
}
