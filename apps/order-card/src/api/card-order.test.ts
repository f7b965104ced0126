import { describe, expect, it } from 'vitest';
import { payloadOrderOf, unitDiscountOf } from './card-order';

describe('payloadOrderOf', () => {
  it('keeps what the gateway takes and drops empty values and lines without quantity', () => {
    expect(
      payloadOrderOf({
        id: 12,
        externalId: null,
        site: 'shop',
        customerId: 7,
        customerExternalId: '',
        items: [
          {
            index: 0,
            id: 100,
            offer: { id: 5, name: 'Kettle', article: null },
            quantity: 2,
            initialPrice: 1499.999,
          },
          { index: 1, id: null, offer: null, quantity: 1, initialPrice: 300 },
          { index: 2, id: 101, offer: { id: 6 }, quantity: 0, initialPrice: 10 },
        ],
      }),
    ).toEqual({
      id: 12,
      site: 'shop',
      customer: { id: 7 },
      items: [
        { index: 0, id: 100, offer: { id: 5, name: 'Kettle' }, quantity: 2, initialPrice: 1500 },
        { index: 1, offer: {}, quantity: 1, initialPrice: 300 },
      ],
    });
  });

  it('leaves out the customer of an order without one', () => {
    expect(payloadOrderOf({ items: [], customerId: null })).toEqual({ items: [] });
  });
});

describe('unitDiscountOf', () => {
  it('spreads a line discount over its units, to the kopeck', () => {
    expect(unitDiscountOf(300, 2)).toBe(150);
    expect(unitDiscountOf(100, 3)).toBe(33.33);
    expect(unitDiscountOf(50, 0)).toBe(0);
  });
});
