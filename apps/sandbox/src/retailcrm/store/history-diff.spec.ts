import type { Customer, Order, OrderItem } from './crm.types';
import { blankCustomer } from './customer-input';
import { customerChanges, orderChanges, snakeCase } from './history-diff';
import { blankOrder } from './order-input';

const customer = (patch: Partial<Customer>): Customer => ({
  ...blankCustomer(10, 'shop', '2024-01-01 00:00:00'),
  ...patch,
});
const item = (id: number, patch: Partial<OrderItem> = {}): OrderItem => ({
  markingCodes: [],
  id,
  priceType: { code: 'base' },
  initialPrice: 100,
  discountTotal: 0,
  prices: [{ price: 100, quantity: 1 }],
  discounts: [],
  vatRate: 'none',
  createdAt: '2024-01-01 00:00:00',
  quantity: 1,
  status: 'new',
  offer: {
    displayName: 'Thing',
    id: 500 + id,
    externalId: `offer-${id}`,
    xmlId: `xml-${id}`,
    name: 'Thing',
    vatRate: 'none',
    unit: { code: '796', name: 'Штука', sym: 'шт' },
  },
  properties: [],
  purchasePrice: 50,
  ...patch,
});
const order = (patch: Partial<Order>): Order => ({
  ...blankOrder(3, 'shop', '2024-01-01 00:00:00', 'RUB'),
  ...patch,
});

describe('snakeCase', () => {
  it('names fields the way history does', () => {
    expect(snakeCase('firstName')).toBe('first_name');
    expect(snakeCase('discountManualAmount')).toBe('discount_manual_amount');
  });
});

describe('customerChanges', () => {
  it('writes one change per field, phones one by one, address fields with the address', () => {
    const before = customer({
      firstName: 'Anna',
      phones: [{ number: '1' }],
      address: { id: 4, city: 'Тверь' },
    });
    const after = customer({
      firstName: 'Anya',
      email: 'a@example.com',
      managerId: 3,
      phones: [{ number: '2' }],
      address: { id: 4, city: 'Москва', street: 'Мира' },
      customFields: { card: 'X1' },
    });

    expect(customerChanges(before, after)).toEqual([
      { field: 'first_name', oldValue: 'Anna', newValue: 'Anya' },
      { field: 'email', oldValue: null, newValue: 'a@example.com' },
      { field: 'manager', oldValue: null, newValue: { id: 3 } },
      { field: 'phones', oldValue: '1', newValue: null },
      { field: 'phones', oldValue: null, newValue: '2' },
      {
        field: 'address.city',
        oldValue: 'Тверь',
        newValue: 'Москва',
        extra: { address: { id: 4, isMain: true } },
      },
      {
        field: 'address.street',
        oldValue: null,
        newValue: 'Мира',
        extra: { address: { id: 4, isMain: true } },
      },
      { field: 'custom_card', oldValue: null, newValue: 'X1' },
    ]);
  });

  it('writes nothing when nothing changed', () => {
    const same = customer({ firstName: 'Anna', customFields: { card: 'X' } });

    expect(customerChanges(same, { ...same, customFields: { card: 'X' } })).toEqual([]);
  });
});

describe('orderChanges', () => {
  const noCustomer = () => null;

  it('writes dictionary values as {code}', () => {
    const changes = orderChanges(
      order({ status: 'new' }),
      order({ status: 'complete', orderMethod: 'phone' }),
      noCustomer,
    );

    expect(changes).toEqual([
      { field: 'status', oldValue: { code: 'new' }, newValue: { code: 'complete' } },
      { field: 'order_method', oldValue: { code: 'shopping-cart' }, newValue: { code: 'phone' } },
    ]);
  });

  it('writes deleted, changed and added items with the item', () => {
    const before = order({ items: [item(1), item(2)] });
    const after = order({ items: [item(1, { quantity: 3, status: 'saled' }), item(9)] });

    const changes = orderChanges(before, after, noCustomer);

    expect(changes.map((change) => [change.field, change.oldValue, change.newValue])).toEqual([
      ['order_product', { id: 2, offer: { id: 502, externalId: 'offer-2', xmlId: 'xml-2' } }, null],
      ['order_product.quantity', 1, 3],
      ['order_product.status', { code: 'new' }, { code: 'saled' }],
      ['order_product', null, { id: 9, offer: { id: 509, externalId: 'offer-9', xmlId: 'xml-9' } }],
    ]);
    expect(changes[0].extra?.item).toMatchObject({ id: 2, quantity: 1 });
    expect(changes[1].extra).toEqual({
      item: { id: 1, offer: { id: 501, externalId: 'offer-1', xmlId: 'xml-1' } },
    });
  });

  it('writes a customer change with both customers as {id, site}', () => {
    const ref = (id: number) => ({ id, site: 'shop' });

    expect(orderChanges(order({ customerId: 1 }), order({ customerId: 2 }), ref)).toEqual([
      { field: 'customer', oldValue: { id: 1, site: 'shop' }, newValue: { id: 2, site: 'shop' } },
    ]);
  });
});
