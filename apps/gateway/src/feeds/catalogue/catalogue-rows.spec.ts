import type { OfferInventory, ProductGroup } from '@app/retailcrm';
import { normaliseProduct } from '@app/retailcrm/model/normalise';
import { fixture } from '@app/retailcrm/test/fake-retailcrm.server';
import { categoryRowOf, newestUpdate, nextCursor, offerRowsOf, stockOf } from './catalogue-rows';

describe('catalogue rows', () => {
  it('maps the products fixture to offer rows', () => {
    const { products } = fixture<{ products: unknown[] }>('store-products.json');
    const [row] = offerRowsOf(normaliseProduct(products[0]));
    expect(row).toEqual({
      offerId: 1941833,
      productId: 828272,
      externalId: '38311',
      xmlId: '38311',
      article: '38311',
      productExternalId: '38311',
      name: 'Test #1',
      url: 'https://example.com',
      picture: 'https://example.com/image.jpg',
      vendor: 'Test',
      price: 624,
      categoryIds: [4050, 4154, 4279],
      productActive: true,
      offerActive: true,
      quantity: 0,
    });
  });

  it('takes the base price type when the offer has no price, and null when neither is there', () => {
    const product = normaliseProduct({
      id: 1,
      name: 'P',
      offers: [
        {
          id: 2,
          prices: [
            { priceType: 'wholesale', price: 5 },
            { priceType: 'base', price: 7 },
          ],
        },
        { id: 3, prices: [] },
      ],
    });
    expect(offerRowsOf(product).map((row) => [row.price, row.name])).toEqual([
      [7, 'P'],
      [null, 'P'],
    ]);
  });

  it('maps groups and stock fixtures', () => {
    const { productGroup } = fixture<{ productGroup: ProductGroup[] }>('store-product-groups.json');
    expect(categoryRowOf(productGroup[3])).toEqual({
      groupId: 3679,
      externalId: '2-1Group',
      parentId: 3677,
      name: 'Входящая в группу',
      active: true,
    });
    const { offers } = fixture<{ offers: OfferInventory[] }>('store-inventories.json');
    expect(stockOf(offers[0])).toEqual({ offerId: 1818323, quantity: 100000 });
  });

  it('finds the newest change among products', () => {
    const products = ['2026-01-01 10:00:05', '2026-01-01 10:00:09', 'bad'].map((updatedAt, id) =>
      normaliseProduct({ id, name: 'p', offers: [], updatedAt }),
    );
    expect(newestUpdate(null, products)).toBe('2026-01-01 10:00:09');
    expect(newestUpdate('2026-01-01 11:00:00', products)).toBe('2026-01-01 11:00:00');
    expect(newestUpdate(null, [])).toBeNull();
  });

  it('keeps the cursor a second before the newest change until a later pass finds nothing newer', () => {
    expect(nextCursor(null, '2026-01-01 10:00:09')).toBe('2026-01-01 10:00:08');
    // The next pass read second :09 again and found nothing after it: the second is over.
    expect(nextCursor('2026-01-01 10:00:08', '2026-01-01 10:00:09')).toBe('2026-01-01 10:00:09');
    expect(nextCursor('2026-01-01 10:00:08', '2026-01-01 10:00:30')).toBe('2026-01-01 10:00:29');
    expect(nextCursor('2026-01-01 10:00:09', null)).toBe('2026-01-01 10:00:09');
    expect(nextCursor('2026-01-01 10:00:09', '2026-01-01 10:00:09')).toBe('2026-01-01 10:00:09');
    expect(nextCursor('2026-01-01 23:59:59', '2026-01-02 00:00:00')).toBe('2026-01-02 00:00:00');
  });
});
