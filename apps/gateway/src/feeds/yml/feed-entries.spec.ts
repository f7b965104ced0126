import { categoryIdOf, feedCategories, feedEntryOf, priceText, RenderRow } from './feed-entries';

const row = (changes: Partial<RenderRow> = {}): RenderRow => ({
  offer_id: '1941833',
  product_id: '828272',
  feed_id: '38311',
  product_external_id: '38311',
  name: 'Test #1',
  url: 'https://example.com',
  picture: 'https://example.com/image.jpg',
  vendor: 'Test',
  price: '624.00',
  category_ids: ['4050', '4154'],
  product_active: true,
  offer_active: true,
  quantity: '3.000',
  ...changes,
});

describe('feed entries', () => {
  const categories = new Map([['4154', 'ext-4154']]);

  it('makes an offer with its group, price, currency and the first listed category', () => {
    const entry = feedEntryOf(row(), 'offer.externalId', 'RUB', categories);
    expect(entry).toEqual({
      cleaned: false,
      offer: {
        id: '38311',
        groupId: '38311',
        available: true,
        name: 'Test #1',
        url: 'https://example.com',
        price: '624',
        currency: 'RUB',
        categoryId: 'ext-4154',
        picture: 'https://example.com/image.jpg',
        vendor: 'Test',
      },
    });
  });

  it('is not available without stock, or when the product or the offer is inactive', () => {
    const available = (changes: Partial<RenderRow>) => {
      const entry = feedEntryOf(row(changes), 'offer.id', 'RUB', categories);
      return 'offer' in entry && entry.offer.available;
    };
    expect(available({ quantity: '0.000' })).toBe(false);
    expect(available({ product_active: false })).toBe(false);
    expect(available({ offer_active: false })).toBe(false);
    expect(available({})).toBe(true);
  });

  it('skips offers without a price or an id, and reports cleaned text', () => {
    expect(feedEntryOf(row({ price: null }), 'offer.id', 'RUB', categories)).toEqual({ skip: 'noPrice' });
    expect(feedEntryOf(row({ feed_id: null }), 'offer.xmlId', 'RUB', categories)).toEqual({ skip: 'noId' });
    expect(feedEntryOf(row({ feed_id: '\u0002' }), 'offer.xmlId', 'RUB', categories)).toEqual({
      skip: 'noId',
    });
    const cleaned = feedEntryOf(row({ name: 'Bad\uFFFF name' }), 'offer.id', 'RUB', categories);
    expect(cleaned).toMatchObject({ cleaned: true, offer: { name: 'Bad name' } });
  });

  it('uses CRM ids for groups and categories when offers go by CRM id, external ids otherwise', () => {
    const entry = feedEntryOf(row({ feed_id: '1941833' }), 'offer.id', 'RUB', categories);
    expect('offer' in entry && entry.offer.groupId).toBe('828272');
    expect(categoryIdOf({ group_id: '3679', external_id: '2-1Group' }, 'offer.id')).toBe('3679');
    expect(categoryIdOf({ group_id: '3679', external_id: '2-1Group' }, 'offer.article')).toBe('2-1Group');
    expect(categoryIdOf({ group_id: '3679', external_id: null }, 'offer.article')).toBe('3679');
  });

  it('translates parent ids of categories', () => {
    const rows = [
      { group_id: '3677', external_id: '2group', parent_id: null, name: 'Вторая группа' },
      { group_id: '3679', external_id: '2-1Group', parent_id: '3677', name: 'Входящая в группу' },
      { group_id: '3680', external_id: 'test', parent_id: '9999', name: 'orphan' },
    ];
    expect(feedCategories(rows, 'offer.externalId')).toEqual([
      { id: '2group', name: 'Вторая группа' },
      { id: '2-1Group', parentId: '2group', name: 'Входящая в группу' },
      { id: 'test', name: 'orphan' },
    ]);
  });

  it('prints prices without trailing zeros', () => {
    expect(priceText('5990.00')).toBe('5990');
    expect(priceText('12.50')).toBe('12.5');
    expect(priceText('0.99')).toBe('0.99');
    expect(priceText('100')).toBe('100');
  });
});
