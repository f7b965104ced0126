import { fixture } from '@app/retailcrm/test/fake-retailcrm.server';
import { shapeDifferences } from '../../../../../test/support/same-shape';
import { defaultCatalogue } from '../store/account-defaults';
import { Catalogue, quantityOf } from './catalogue';

function makeCatalogue(clock: { now: string }) {
  return new Catalogue(
    {
      now: () => clock.now,
      sites: () => [
        { code: 'shop', catalogId: 1 },
        { code: 'outlet', catalogId: 2 },
      ],
      reachableSites: (access) => access.sites ?? ['shop', 'outlet'],
    },
    defaultCatalogue(),
  );
}

const ALL = { limit: 100, page: 1 };

describe('Catalogue', () => {
  it('starts with the account offers as products, with the ids orders use', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    const offers = defaultCatalogue();
    const { products, pagination } = sut.listProducts({}, ALL, {});
    expect(pagination.totalCount).toBe(offers.length / 4);
    const listed = products.flatMap((product) => product.offers.map((offer) => offer.externalId));
    expect(listed.sort()).toEqual(offers.map((offer) => offer.externalId).sort());
  });

  it('answers in the shapes of the recorded store fixtures', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    sut.seed({ products: 3, offersPerProduct: 2, groups: 3 });
    const options = { ignore: ['pagination'] };
    const products = { success: true, ...sut.listProducts({}, { limit: 20, page: 1 }, {}) };
    expect(shapeDifferences(products, fixture('store-products.json'), options)).toEqual([]);
    const inventories = { success: true, ...sut.listInventories({}, { limit: 20, page: 1 }, {}) };
    // The fixture's first offer has a purchase price; so do ours.
    expect(shapeDifferences(inventories, fixture('store-inventories.json'), options)).toEqual([]);
    const groups = { success: true, ...sut.listGroups({}, { limit: 20, page: 1 }, {}) };
    expect(shapeDifferences(groups, fixture('store-product-groups.json'), options)).toEqual([]);
  });

  it('lists only products edited after sinceUpdatedAt (exclusive), price edits included', () => {
    const clock = { now: '2026-01-01 10:00:00' };
    const sut = makeCatalogue(clock);
    const seeded = sut.seed({ products: 5 });
    clock.now = '2026-01-01 10:05:00';
    sut.setPrice(seeded.firstOfferId as number, 4321);
    sut.setStock((seeded.firstOfferId as number) + 1, 0);

    const changed = sut.listProducts({ sinceUpdatedAt: '2026-01-01 10:00:00' }, ALL, {}).products;
    expect(changed.map((product) => product.id)).toEqual([seeded.firstProductId]);
    expect(changed[0].offers[0].price).toBe(4321);
    expect(sut.listProducts({ sinceUpdatedAt: '2026-01-01 10:05:00' }, ALL, {}).products).toEqual([]);
  });

  it('reports stock through inventories, per warehouse with details', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    sut.setStock(1000, 7);
    sut.setStock(1000, 2, 'north');
    const [offer] = sut.listInventories({ ids: [1000], details: true }, ALL, {}).offers;
    expect(offer).toMatchObject({ id: 1000, externalId: 'offer-1000', site: 'shop', quantity: 9 });
    expect(offer.stores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ store: 'main', quantity: 7 }),
        expect.objectContaining({ store: 'north', quantity: 2 }),
      ]),
    );
  });

  it('keeps shops apart: by filter and by the key reach', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    sut.seed({ products: 2, site: 'outlet' });
    expect(sut.listProducts({ sites: ['outlet'] }, ALL, {}).pagination.totalCount).toBe(2);
    expect(sut.listProducts({}, ALL, { sites: ['outlet'] }).pagination.totalCount).toBe(2);
    expect(
      sut.listGroups({ sites: ['outlet'] }, ALL, {}).productGroup.every((group) => group.site === 'outlet'),
    ).toBe(true);
  });

  it('makes the bad data asked for', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    sut.clear();
    sut.seed({ products: 40, withoutPrice: 2, duplicateIds: 3, brokenText: 1 });
    const offers = sut.listProducts({}, ALL, {}).products.flatMap((product) => product.offers);
    expect(offers).toHaveLength(40);
    expect(offers.filter((offer) => offer.price === undefined)).toHaveLength(2);
    const ids = offers.map((offer) => offer.externalId);
    expect(ids.length - new Set(ids).size).toBe(3);
    expect(offers.filter((offer) => offer.name.includes('\u0001'))).toHaveLength(1);
  });

  it('pages with the API pagination block', () => {
    const sut = makeCatalogue({ now: '2026-01-01 10:00:00' });
    sut.clear();
    sut.seed({ products: 45 });
    const page = sut.listProducts({}, { limit: 20, page: 3 }, {});
    expect(page.pagination).toEqual({ limit: 20, totalCount: 45, currentPage: 3, totalPageCount: 3 });
    expect(page.products).toHaveLength(5);
    expect(quantityOf(sut.offer(page.products[0].offers[0].id)!)).toBe(page.products[0].offers[0].quantity);
  });
});
