import { defaultCustomFields } from './account-defaults';
import { CustomFieldCatalog } from './custom-fields';

describe('CustomFieldCatalog', () => {
  let sut: CustomFieldCatalog;

  beforeEach(() => {
    sut = new CustomFieldCatalog(defaultCustomFields());
  });

  it('creates a field and answers it with the default as text and typed', () => {
    const code = sut.create('order', { code: 'promo', name: 'Промокод', type: 'boolean', default: false });

    expect(code).toBe('promo');
    expect(sut.get('order', 'promo')).toMatchObject({
      type: 'boolean',
      default: 'false',
      defaultTyped: false,
    });
    expect(sut.of('order').map((field) => field.code)).toContain('promo');
  });

  it('refuses a taken code, an unknown type and a dictionary field without its dictionary', () => {
    expect(() => sut.create('order', { code: 'gift_wrap', name: 'Again', type: 'dictionary' })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({
          errors: {
            code: 'A custom field with this code already exists.',
            dictionary: 'This value should not be blank.',
          },
        }),
      }),
    );
    expect(() => sut.create('order', { code: 'x', name: 'X', type: 'color' })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({ errors: { type: 'This value is not valid.' } }),
      }),
    );
  });

  it('lists with filters and paging', () => {
    const { customFields, pagination } = sut.list({ entity: 'customer' }, { limit: 20, page: 1 });

    expect(customFields.map((field) => field.entity)).toEqual(['customer', 'customer']);
    expect(pagination).toEqual({ limit: 20, totalCount: 2, currentPage: 1, totalPageCount: 1 });
  });
});
