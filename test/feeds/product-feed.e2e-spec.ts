import { call, Connected, GatewayStack, Json } from '../gateway/gateway-harness';
import { bodyText, eventually, parseFeed, ParsedFeed, rawGet } from './feed-harness';

// The gateway (with its feed builder) and the sandbox in this process; real Postgres. The builder
// looks for work every 200 ms and refreshes each catalogue every second, so a change in the CRM
// reaches the feed within a few seconds.

jest.setTimeout(120_000);

interface CrmOffer {
  id: number;
  externalId?: string;
  xmlId?: string;
  price?: number;
  quantity: number;
  active: boolean;
}

/** The whole catalogue as the CRM lists it: what the feed must show. */
async function crmCatalogue(stack: GatewayStack, code: string, apiKey: string) {
  const offers: (CrmOffer & { productId: number; productActive: boolean })[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await call(`${stack.crmUrl(code)}/api/v5/store/products?limit=100&page=${page}`, {
      headers: { 'x-api-key': apiKey },
    });
    for (const product of answer.body.products as Json[]) {
      for (const offer of product.offers as CrmOffer[]) {
        offers.push({ ...offer, productId: product.id, productActive: product.active });
      }
    }
    if (page >= answer.body.pagination.totalPageCount) return offers;
  }
}

describe('product feed (e2e)', () => {
  let stack: GatewayStack;
  let shop: Connected;
  let crm: { code: string; apiKey: string };
  let feedUrl: string;

  const feedOf = async (url = feedUrl): Promise<{ feed: ParsedFeed; etag: string; lastModified: string }> => {
    const answer = await rawGet(url, { 'accept-encoding': 'gzip' });
    if (answer.status !== 200) throw new Error(`feed answered ${answer.status}`);
    return {
      feed: parseFeed(bodyText(answer)),
      etag: String(answer.headers.etag),
      lastModified: String(answer.headers['last-modified']),
    };
  };

  beforeAll(async () => {
    stack = await GatewayStack.start({
      FEED_TICK_MS: '200',
      FEED_REFRESH_MS: '1000',
      FEED_CRM_REQUEST_GAP_MS: '0',
      FEED_LEASE_MS: '5000',
      FEED_KEEP_REPLACED_MS: '0',
    });
    // Accounts of earlier runs point at sandboxes that are gone: keep the builder off them.
    await stack.db.query(`UPDATE account SET active = false`);
    crm = await stack.crmAccount({ rateLimit: 10 });
    await stack.control(`/retailcrm/accounts/${crm.code}/catalogue`, {
      products: 40,
      offersPerProduct: 3,
      groups: 4,
      inStock: 0.5,
      withoutPrice: 2,
      duplicateIds: 2,
      brokenText: 2,
      seed: 7,
    });
    shop = await stack.register(crm.code);
    const saved = await stack.api('/api/v1/settings/products', {
      method: 'PUT',
      clientId: shop.clientId,
      json: {
        ids: { retailcrmField: 'offer.xmlId', mindboxKey: 'website' },
        skipPriceWriteback: false,
        serviceProductIds: [],
        statusMap: {},
      },
    });
    expect(saved.status).toBe(200);
    const view = await stack.api('/api/v1/settings/products/feed', { clientId: shop.clientId });
    expect(view.status).toBe(200);
    feedUrl = view.body.feedUrl;
    expect(feedUrl).toMatch(new RegExp(`^${stack.gatewayUrl}/feeds/[0-9a-f]{48}/products\\.yml$`));
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('serves every offer of the CRM with the ids of the Products tab, prices and availability', async () => {
    const crmOffers = await crmCatalogue(stack, crm.code, crm.apiKey);
    // The first feed may still use the default id field (offer.externalId): wait for xmlIds.
    const { feed } = await eventually(
      async () => {
        const current = await feedOf();
        return current.feed.offers.length > 0 &&
          current.feed.offers.every((offer) => /^(x|xml)-/.test(offer.id))
          ? current
          : undefined;
      },
      60_000,
      'a feed by xmlId',
    );

    // Expected: offers with a price, one per xmlId (the lowest CRM id keeps a shared one).
    const expected = new Map<string, (typeof crmOffers)[number]>();
    for (const offer of [...crmOffers].sort((a, b) => a.id - b.id)) {
      if (offer.price === undefined || !offer.xmlId || expected.has(offer.xmlId)) continue;
      expected.set(offer.xmlId, offer);
    }
    expect(crmOffers.filter((offer) => offer.price === undefined)).toHaveLength(2);
    expect(expected.size).toBe(crmOffers.length - 2 - 2);
    expect(feed.offers.map((offer) => offer.id).sort()).toEqual([...expected.keys()].sort());

    const categoryIds = new Set(feed.categories.map((category) => category.id));
    for (const offer of feed.offers) {
      const source = expected.get(offer.id) as (typeof crmOffers)[number];
      expect(Number(offer.price)).toBe(source.price);
      expect(offer.available).toBe(String(source.productActive && source.active && source.quantity > 0));
      expect(offer.currencyId).toBe('RUB');
      expect(offer.groupId).toBeTruthy();
      if (offer.categoryId !== undefined) expect(categoryIds.has(offer.categoryId)).toBe(true);
    }
    expect(feed.offers.some((offer) => offer.available === 'true')).toBe(true);
    expect(feed.offers.some((offer) => offer.available === 'false')).toBe(true);
    expect(feed.currencies).toEqual(['RUB']);
    // The seeded groups nest: some category has a parent that the feed lists too.
    expect(feed.categories.some((category) => category.parentId && categoryIds.has(category.parentId))).toBe(
      true,
    );

    // The builder kept to the key's budget: the sandbox (10 requests a second) refused none.
    const { requests } = await stack.control(`/requests?side=retailcrm&tenant=${crm.code}`);
    const store = (requests as Json[]).filter((request) =>
      String(request.operation).startsWith('/api/v5/store/'),
    );
    expect(store.length).toBeGreaterThanOrEqual(2);
    expect(store.filter((request) => request.status !== 200)).toEqual([]);

    const status = await stack.api('/api/v1/settings/products/feed', { clientId: shop.clientId });
    expect(status.body.status).toMatchObject({
      state: 'ready',
      offers: expected.size,
      skipped: { noPrice: 2, duplicateId: 2, noId: 0, cleanedText: 2 },
      lastError: null,
    });
  });

  it('answers XML in UTF-8, gzipped when asked, plain otherwise, and 304 to its validators', async () => {
    const gzipped = await rawGet(feedUrl, { 'accept-encoding': 'gzip, deflate' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);

    const plain = await rawGet(feedUrl, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(plain.body.toString('utf8')).toBe(bodyText(gzipped));

    const etag = String(gzipped.headers.etag);
    const lastModified = String(gzipped.headers['last-modified']);
    const byEtag = await rawGet(feedUrl, { 'if-none-match': etag, 'accept-encoding': 'gzip' });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    const byDate = await rawGet(feedUrl, { 'if-modified-since': lastModified });
    expect(byDate.status).toBe(304);
    const stale = await rawGet(feedUrl, { 'if-none-match': 'W/"something-else"' });
    expect(stale.status).toBe(200);

    const head = await rawGet(feedUrl, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(etag);
  });

  it('keeps its ETag and Last-Modified while the catalogue does not change', async () => {
    const before = await feedOf();
    // Several refreshes (one a second) read the CRM and find nothing new.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const after = await feedOf();
    expect(after.etag).toBe(before.etag);
    expect(after.lastModified).toBe(before.lastModified);
    const [row] = await stack.db.query(
      `SELECT f.change_sync_at FROM product_feed f JOIN account a ON a.id = f.account_id WHERE a.client_id = $1`,
      [shop.clientId],
    );
    expect(Date.now() - new Date(row.change_sync_at).getTime()).toBeLessThan(3_000);
  });

  it('shows a stock change and a price change of the CRM after the next refresh', async () => {
    const before = await feedOf();
    const crmOffers = await crmCatalogue(stack, crm.code, crm.apiKey);
    const inStock = before.feed.offers.find((offer) => offer.available === 'true') as { id: string };
    const soldOut = before.feed.offers.find(
      (offer) => offer.available === 'false' && offer.id !== inStock.id,
    ) as {
      id: string;
    };
    const idOf = (xmlId: string) => (crmOffers.find((offer) => offer.xmlId === xmlId) as CrmOffer).id;

    await stack.control(`/retailcrm/accounts/${crm.code}/catalogue/offers/${idOf(inStock.id)}/stock`, {
      quantity: 0,
    });
    await stack.control(`/retailcrm/accounts/${crm.code}/catalogue/offers/${idOf(soldOut.id)}/price`, {
      price: 777.5,
    });

    const after = await eventually(
      async () => {
        const current = await feedOf();
        const gone = current.feed.offers.find((offer) => offer.id === inStock.id);
        const repriced = current.feed.offers.find((offer) => offer.id === soldOut.id);
        return gone?.available === 'false' && repriced?.price === '777.5' ? current : undefined;
      },
      30_000,
      'the stock and price change in the feed',
    );
    expect(after.etag).not.toBe(before.etag);
    expect(after.feed.offers).toHaveLength(before.feed.offers.length);
    const old = await rawGet(feedUrl, { 'if-none-match': before.etag });
    expect(old.status).toBe(200);
  });

  it('answers 404 to a wrong token, and a regenerated token retires the old URL', async () => {
    expect((await rawGet(`${stack.gatewayUrl}/feeds/${'0'.repeat(48)}/products.yml`)).status).toBe(404);
    expect((await rawGet(`${stack.gatewayUrl}/feeds/not-a-token/products.yml`)).status).toBe(404);
    const wrong = await rawGet(`${stack.gatewayUrl}/feeds/${'ab'.repeat(24)}/products.yml`);
    expect(wrong.status).toBe(404);
    expect(JSON.parse(wrong.body.toString())).toEqual({ message: 'No feed at this address' });

    expect((await stack.api('/api/v1/settings/products/feed-token', { method: 'POST' })).status).toBe(401);
    const regenerated = await stack.api('/api/v1/settings/products/feed-token', {
      method: 'POST',
      clientId: shop.clientId,
    });
    expect(regenerated.status).toBe(200);
    const newUrl: string = regenerated.body.feedUrl;
    expect(newUrl).not.toBe(feedUrl);
    expect((await rawGet(feedUrl)).status).toBe(404);
    const fresh = await feedOf(newUrl);
    expect(fresh.feed.offers.length).toBeGreaterThan(0);
    feedUrl = newUrl;
  });

  it('keeps serving the last good feed while the CRM fails, and says so in the status', async () => {
    const before = await feedOf();
    await stack.control('/faults', {
      side: 'retailcrm',
      kind: 'status',
      status: 503,
      operation: '/api/v5/store/inventories',
      tenant: crm.code,
      forMs: 8_000,
    });
    const failing = await eventually(async () => {
      const view = await stack.api('/api/v1/settings/products/feed', { clientId: shop.clientId });
      return view.body.status.state === 'failing' ? view.body.status : undefined;
    });
    expect(failing.lastError).toMatch(/RetailCrm/);
    expect(failing.lastError).not.toContain(crm.apiKey);
    expect(failing.offers).toBe(before.feed.offers.length);
    const during = await feedOf();
    expect(during.etag).toBe(before.etag);
    expect(during.feed.offers).toHaveLength(before.feed.offers.length);

    const recovered = await eventually(
      async () => {
        const view = await stack.api('/api/v1/settings/products/feed', { clientId: shop.clientId });
        return view.body.status.state === 'ready' ? view.body.status : undefined;
      },
      30_000,
      'the feed to recover',
    );
    expect(recovered.lastError).toBeNull();
  });

  it('counts its builds and renders in the gateway metrics', async () => {
    const text = await eventually(async () => {
      const metrics = await stack.api('/metrics', { headers: { accept: 'text/plain' } });
      return /feed_crm_requests_total\{[^}]*work="changes"[^}]*\} [1-9]/.test(metrics.text)
        ? metrics.text
        : undefined;
    });
    expect(text).toMatch(/feed_builds_total\{[^}]*work="full"[^}]*result="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/feed_renders_total\{[^}]*result="changed"[^}]*\} [1-9]/);
  });

  it('lets no account reach another account’s feed address', async () => {
    const other = await stack.crmAccount({ rateLimit: 10 });
    const otherShop = await stack.register(other.code);
    const mine = await stack.api('/api/v1/settings/products/feed', { clientId: shop.clientId });
    const theirs = await stack.api('/api/v1/settings/products/feed', { clientId: otherShop.clientId });
    expect(theirs.body.feedUrl).not.toBe(mine.body.feedUrl);
    const otherFeed = await eventually(async () => {
      const answer = await rawGet(theirs.body.feedUrl, { 'accept-encoding': 'gzip' });
      return answer.status === 200 ? parseFeed(bodyText(answer)) : undefined;
    });
    // Its catalogue is the account's default one (48 offers by externalId), not ours.
    expect(otherFeed.offers).toHaveLength(48);
    expect(otherFeed.offers.every((offer) => offer.id.startsWith('offer-'))).toBe(true);
  });
});
