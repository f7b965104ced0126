import { defaultCatalogue, defaultReferences } from './account-defaults';
import { CrmValidationError } from './crm.errors';
import type { Order } from './crm.types';
import { applyOrderInput, blankOrder, OrderInputContext } from './order-input';

function context(creating: boolean): OrderInputContext {
  const catalogue = defaultCatalogue();
  let itemId = 100;
  let paymentId = 200;
  let addressId = 300;
  return {
    references: defaultReferences([{ code: 'shop' }]),
    customFields: [],
    now: '2024-05-01 12:00:00',
    creating,
    nextItemId: () => ++itemId,
    nextPaymentId: () => ++paymentId,
    nextAddressId: () => ++addressId,
    offer: (ref) => catalogue.find((offer) => offer.id === ref.id || offer.externalId === ref.externalId),
  };
}

const create = (input: Record<string, unknown>): Order =>
  applyOrderInput(blankOrder(1, 'shop', '2024-05-01 12:00:00', 'RUB'), input as never, context(true));

describe('applyOrderInput', () => {
  it('prices items from the catalogue and sums the order with delivery', () => {
    const order = create({
      items: [{ offer: { id: 1000 }, quantity: 2 }, { offer: { externalId: 'offer-1004' } }],
      delivery: { code: 'courier', cost: 300 },
    });

    expect(order.items.map((item) => [item.id, item.initialPrice, item.quantity])).toEqual([
      [101, 5990, 2],
      [102, 1290, 1],
    ]);
    expect(order.summ).toBe(5990 * 2 + 1290);
    expect(order.totalSumm).toBe(5990 * 2 + 1290 + 300);
    expect(order.purchaseSumm).toBe(Math.round(5990 * 0.55) * 2 + Math.round(1290 * 0.55));
  });

  it('applies item discounts per unit and spreads the order discount over the lines', () => {
    const order = create({
      discountManualAmount: 100,
      items: [
        { offer: { id: 1000 }, initialPrice: 1000, quantity: 1, discountManualAmount: 100 },
        { offer: { id: 1004 }, initialPrice: 900, quantity: 1 },
      ],
    });

    expect(order.items[0].discountTotal).toBe(150);
    expect(order.items[0].discounts).toEqual([
      { type: 'manual_product', amount: 100 },
      { type: 'manual_order', amount: 50 },
    ]);
    expect(order.items[1].prices).toEqual([{ price: 850, quantity: 1 }]);
    expect(order.summ).toBe(1700);
  });

  it('replaces the items with the list sent: left-out items are deleted, named ones updated', () => {
    const created = create({ items: [{ offer: { id: 1000 } }, { offer: { id: 1004 } }] });
    const [kept] = created.items;

    const edited = applyOrderInput(
      created,
      { items: [{ id: kept.id, quantity: 5 }, { offer: { id: 1008 } }] },
      context(false),
    );

    expect(edited.items.map((item) => [item.id, item.offer?.id, item.quantity])).toEqual([
      [kept.id, 1000, 5],
      [101, 1008, 1],
    ]);
  });

  it('keeps the items when the edit sends none', () => {
    const created = create({ items: [{ offer: { id: 1000 } }] });

    expect(applyOrderInput(created, { managerComment: 'call back' }, context(false)).items).toEqual(
      created.items,
    );
  });

  it('makes a payment without amount pay the whole order, and dates the full payment', () => {
    const order = create({
      items: [{ offer: { id: 1000 } }],
      payments: [{ type: 'bank-card', status: 'paid' }],
    });

    expect(order.payments).toEqual([
      { id: 201, status: 'paid', type: 'bank-card', amount: 5990, paidAt: '2024-05-01 12:00:00' },
    ]);
    expect(order.prepaySum).toBe(5990);
    expect(order.fullPaidAt).toBe('2024-05-01 12:00:00');
  });

  it('refuses unknown dictionary codes and items, naming each field', () => {
    const attempt = () => create({ status: 'nope', items: [{ id: 999 }] });

    expect(attempt).toThrow(CrmValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as CrmValidationError).body.errors).toEqual({
        status: 'This value is not valid.',
        'items[0].id': 'Order product not found.',
      });
    }
  });
});
