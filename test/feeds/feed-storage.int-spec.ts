import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { AccountEntity, SecretBox, SettingsRepository } from '@app/settings';
import { FeedRenderer, RenderInput } from '../../apps/gateway/src/feeds/building/feed-renderer.service';
import type { OfferRow } from '../../apps/gateway/src/feeds/catalogue/catalogue-rows';
import { FeedsConfig } from '../../apps/gateway/src/feeds/feeds.config';
import { FeedServer } from '../../apps/gateway/src/feeds/serving/feed-server.service';
import { FeedRepository } from '../../apps/gateway/src/feeds/storage/feed.repository';
import { parseFeed } from './feed-harness';

// The feed's storage, render and serving against the real, migrated Postgres (no CRM): feeds of
// several chunks, a download that outlives a swap, an unchanged render, a lost lease.

const HOLDER = 'int-spec-holder';

function offers(count: number, seed: string): OfferRow[] {
  // Random names compress badly, so the feed spans several 512 KiB chunks.
  return Array.from({ length: count }, (_, index) => ({
    offerId: index + 1,
    productId: Math.floor(index / 2) + 1,
    externalId: `e-${index + 1}`,
    xmlId: null,
    article: `a-${index + 1}`,
    productExternalId: `p-${Math.floor(index / 2) + 1}`,
    name: `${seed} ${randomBytes(48).toString('base64')}`,
    url: `https://shop.example.com/p/${index + 1}`,
    picture: null,
    vendor: 'Brand',
    price: 100 + index,
    categoryIds: [10],
    productActive: true,
    offerActive: true,
    quantity: index % 2,
  }));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('product feed storage (Postgres)', () => {
  let dataSource: DataSource;
  let feeds: FeedRepository;
  let renderer: FeedRenderer;
  let server: FeedServer;
  let account: AccountEntity;
  const input = (): RenderInput => ({
    accountId: account.id,
    idField: 'offer.externalId',
    shop: { name: 'Shop', company: 'Shop', url: 'https://shop.example.com', currency: 'RUB' },
    holder: HOLDER,
  });

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    feeds = new FeedRepository(dataSource);
    const config = new FeedsConfig({ FEED_KEEP_REPLACED_MS: '0' });
    renderer = new FeedRenderer(dataSource, feeds, config);
    server = new FeedServer(feeds);
    account = await new SettingsRepository(dataSource).saveAccount(
      Object.assign(new AccountEntity(), {
        clientId: randomBytes(32).toString('hex'),
        retailcrmUrl: `https://feed-${randomBytes(4).toString('hex')}.retailcrm.ru`,
        apiKeyEnc: new SecretBox('c3'.repeat(32)).encrypt('key'),
        sites: [],
        hookToken: randomBytes(24).toString('hex'),
        feedToken: randomBytes(24).toString('hex'),
        // Not running: a gateway on this database leaves it alone.
        active: false,
      }),
    );
    await feeds.holdLeases([account.id], HOLDER, 600_000);
    await feeds.upsertCategories(account.id, 1, [
      { groupId: 10, externalId: 'g-10', parentId: null, name: 'Group', active: true },
    ]);
  });

  afterAll(async () => {
    for (const table of [
      'product_feed_chunk',
      'product_feed_offer',
      'product_feed_category',
      'product_feed',
    ]) {
      await dataSource.query(`DELETE FROM ${table} WHERE account_id = $1`, [account.id]);
    }
    await dataSource.query(`DELETE FROM account WHERE id = $1`, [account.id]);
    await dataSource.destroy();
  });

  it('counts only rows that changed when a page is stored again', async () => {
    const rows = offers(50, 'first');
    expect(await feeds.upsertOffers(account.id, 1, rows)).toBe(50);
    expect(await feeds.upsertOffers(account.id, 1, rows)).toBe(0);
    expect(await feeds.upsertOffers(account.id, 2, [{ ...rows[0], price: 1 }, ...rows.slice(1)])).toBe(1);
    expect(
      await feeds.updateQuantities(account.id, [
        { offerId: 1, quantity: 7 },
        { offerId: 2, quantity: 1 },
      ]),
    ).toBe(1);
    expect(await feeds.sweep('product_feed_offer', account.id, 2)).toBe(0);
    expect(await feeds.sweep('product_feed_offer', account.id, 3)).toBe(50);
  });

  it('renders a feed of several chunks and serves it gzipped and plain, the same XML', async () => {
    await feeds.upsertOffers(account.id, 3, offers(12_000, 'big'));
    const outcome = await renderer.render(input());
    expect(outcome).toMatchObject({ changed: true, offers: 12_000 });
    const feed = (await feeds.find(account.id))!;
    expect(await feeds.chunkCount(account.id, feed.generation)).toBeGreaterThan(1);

    const gzipped = await server.answer({
      feedToken: account.feedToken,
      acceptEncoding: 'gzip',
      headOnly: false,
    });
    const zipped = await readAll(gzipped.body!);
    expect(zipped.length).toBe(Number(gzipped.headers['content-length']));
    const plain = await server.answer({ feedToken: account.feedToken, headOnly: false });
    const text = (await readAll(plain.body!)).toString('utf8');
    expect(Buffer.byteLength(text)).toBe(Number(plain.headers['content-length']));
    expect(gunzipSync(zipped).toString('utf8')).toBe(text);
    const parsed = parseFeed(text);
    expect(parsed.offers).toHaveLength(12_000);
    expect(parsed.offers.filter((offer) => offer.available === 'true')).toHaveLength(6_000);
    expect(parsed.categories).toEqual([{ id: 'g-10', name: 'Group' }]);
  });

  it('keeps the served feed and its validators when a render finds nothing changed', async () => {
    const before = (await feeds.find(account.id))!;
    const outcome = await renderer.render(input());
    expect(outcome.changed).toBe(false);
    const after = (await feeds.find(account.id))!;
    expect(after.generation).toBe(before.generation);
    expect(after.etag).toBe(before.etag);
    expect(after.lastModified).toEqual(before.lastModified);
  });

  it('keeps the replaced feed whole for a download that started on it', async () => {
    const served = (await feeds.find(account.id))!;
    const answer = await server.answer({
      feedToken: account.feedToken,
      acceptEncoding: 'gzip',
      headOnly: false,
    });
    answer.body!.destroy();
    await feeds.upsertOffers(account.id, 3, offers(12_000, 'changed'));
    expect((await renderer.render(input())).changed).toBe(true);

    const current = (await feeds.find(account.id))!;
    expect(current.generation).toBe(served.generation + 1);
    expect(current.etag).not.toBe(served.etag);
    // A download of the replaced generation reads its chunks one by one, after the swap.
    const count = await feeds.chunkCount(account.id, served.generation);
    const chunks: Buffer[] = [];
    for (let seq = 1; seq <= count; seq += 1)
      chunks.push((await feeds.readChunk(account.id, served.generation, seq))!);
    const old = parseFeed(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
    expect(old.offers).toHaveLength(12_000);
    expect(old.offers.every((offer) => offer.name.startsWith('big '))).toBe(true);
    const fresh = await server.answer({
      feedToken: account.feedToken,
      acceptEncoding: 'gzip',
      headOnly: false,
    });
    const text = gunzipSync(await readAll(fresh.body!)).toString('utf8');
    expect(parseFeed(text).offers.every((offer) => offer.name.startsWith('changed '))).toBe(true);
  });

  it('does not swap a feed in when the builder lost its lease', async () => {
    const before = (await feeds.find(account.id))!;
    await dataSource.query(`UPDATE product_feed SET lease_holder = 'another-replica' WHERE account_id = $1`, [
      account.id,
    ]);
    await feeds.upsertOffers(account.id, 3, offers(10, 'lost'));
    await feeds.sweep('product_feed_offer', account.id, 3);
    await expect(renderer.render(input())).rejects.toThrow(/lease was lost/);
    const after = (await feeds.find(account.id))!;
    expect(after.generation).toBe(before.generation);
    expect(await feeds.chunkCount(account.id, before.generation + 1)).toBe(0);
  });

  it('answers 404 for an unknown token and 304 for the served ETag', async () => {
    await expect(server.answer({ feedToken: 'ab'.repeat(24), headOnly: false })).rejects.toMatchObject({
      status: 404,
    });
    const feed = (await feeds.find(account.id))!;
    const answer = await server.answer({
      feedToken: account.feedToken,
      ifNoneMatch: feed.etag!,
      headOnly: false,
    });
    expect(answer.status).toBe(304);
    expect(answer.body).toBeUndefined();
  });
});
