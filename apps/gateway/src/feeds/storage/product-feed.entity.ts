import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '@app/common/database/bigint.transformer';

/** What a feed left out or repaired, by reason. */
export interface SkippedCounts {
  /** Offers without a base price. */
  noPrice: number;
  /** Offers whose feed id another offer already took (the lowest CRM id wins). */
  duplicateId: number;
  /** Offers with an empty value in the CRM field the feed ids come from. */
  noId: number;
  /** Offers kept with text cleaned of characters XML 1.0 forbids. */
  cleanedText: number;
}

/**
 * One account's product feed: the last good feed (its generation of chunks, ETag, Last-Modified,
 * counts), the state of its copy of the CRM catalogue (full read runs, the `sinceUpdatedAt`
 * cursor), and the lease that makes one gateway replica its only builder.
 */
@Entity('product_feed')
export class ProductFeedEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** Chunks served now; 0 until the first feed is built. */
  @Column({ type: 'int', default: 0 })
  generation: number;

  @Column({ type: 'varchar', length: 80, nullable: true })
  etag: string | null;

  /** sha256 of the feed without its date: an unchanged catalogue keeps its ETag. */
  @Column({ name: 'content_hash', type: 'char', length: 64, nullable: true })
  contentHash: string | null;

  /** The Products tab's `ids.retailcrmField` the served feed was built with. */
  @Column({ name: 'id_field', type: 'varchar', length: 32, nullable: true })
  idField: string | null;

  @Column({ name: 'last_modified', type: 'timestamptz', nullable: true })
  lastModified: Date | null;

  @Column({ name: 'size_gzip', type: 'int', nullable: true })
  sizeGzip: number | null;

  @Column({ name: 'size_xml', type: 'bigint', nullable: true, transformer: bigintNumber })
  sizeXml: number | null;

  @Column({ type: 'int', default: 0 })
  offers: number;

  @Column({ type: 'int', default: 0 })
  available: number;

  @Column({ type: 'int', default: 0 })
  categories: number;

  @Column({ type: 'jsonb', default: {} })
  skipped: Partial<SkippedCounts>;

  /** The last render, whether or not it changed the feed. */
  @Column({ name: 'built_at', type: 'timestamptz', nullable: true })
  builtAt: Date | null;

  @Column({ name: 'build_ms', type: 'int', nullable: true })
  buildMs: number | null;

  /** Number of the last full read of the CRM catalogue; rows it did not see are removed. */
  @Column({ name: 'sync_run', type: 'int', default: 0 })
  syncRun: number;

  /** Shops the catalogue copy was read for; another list in the Access tab asks for a full read. */
  @Column({ type: 'text', array: true, nullable: true })
  sites: string[] | null;

  /** `filter[sinceUpdatedAt]` of the next change pass, in the CRM's `Y-m-d H:i:s`. */
  @Column({ name: 'since_updated_at', type: 'varchar', length: 19, nullable: true })
  sinceUpdatedAt: string | null;

  @Column({ name: 'full_requested', type: 'boolean', default: true })
  fullRequested: boolean;

  /** The catalogue copy changed since the last render. */
  @Column({ type: 'boolean', default: true })
  dirty: boolean;

  @Column({ name: 'full_sync_at', type: 'timestamptz', nullable: true })
  fullSyncAt: Date | null;

  @Column({ name: 'change_sync_at', type: 'timestamptz', nullable: true })
  changeSyncAt: Date | null;

  /** CRM requests of the last read (full or changes). */
  @Column({ name: 'crm_requests', type: 'int', default: 0 })
  crmRequests: number;

  @Column({ name: 'lease_holder', type: 'varchar', length: 128, nullable: true })
  leaseHolder: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** An offer of the account's catalogue copy, as the feed needs it. */
@Entity('product_feed_offer')
@Index('product_feed_offer_product_idx', ['accountId', 'productId'])
export class ProductFeedOfferEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ name: 'offer_id', type: 'bigint', transformer: bigintNumber })
  offerId: number;

  @Column({ name: 'product_id', type: 'bigint', transformer: bigintNumber })
  productId: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  site: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ name: 'xml_id', type: 'text', nullable: true })
  xmlId: string | null;

  @Column({ type: 'text', nullable: true })
  article: string | null;

  @Column({ name: 'product_external_id', type: 'text', nullable: true })
  productExternalId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  picture: string | null;

  @Column({ type: 'text', nullable: true })
  vendor: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  price: string | null;

  @Column({ name: 'category_ids', type: 'bigint', array: true, default: '{}' })
  categoryIds: string[];

  @Column({ name: 'product_active', type: 'boolean' })
  productActive: boolean;

  @Column({ name: 'offer_active', type: 'boolean' })
  offerActive: boolean;

  @Column({ type: 'numeric', precision: 14, scale: 3, default: 0 })
  quantity: string;

  @Column({ name: 'sync_run', type: 'int' })
  syncRun: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A product group of the account's catalogue copy. */
@Entity('product_feed_category')
export class ProductFeedCategoryEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ name: 'group_id', type: 'bigint', transformer: bigintNumber })
  groupId: number;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ name: 'parent_id', type: 'bigint', nullable: true, transformer: bigintNumber })
  parentId: number | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  site: string | null;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'sync_run', type: 'int' })
  syncRun: number;
}

/**
 * A piece of a built feed, gzipped. A feed is a generation of chunks read in `seq` order; the
 * one before the current stays until `superseded_at` is old enough that no download still reads it.
 */
@Entity('product_feed_chunk')
export class ProductFeedChunkEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ type: 'int' })
  generation: number;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
