import { parseOrderCalculation } from '@app/mindbox';
import type { Order } from '@app/retailcrm';
import { normaliseOrder } from '@app/retailcrm/model/normalise';
import { demoTabs } from '@app/settings';
import { mindboxFixture, retailCrmFixture } from '../../../../test/order-processing/fixtures';
import { orderMappingOf, OrderMappingSettings } from './mapping-settings';
import { couponsOf, crmOrderDiscount, lineStatusesOf, mapOrder, writeBackOf } from './order-mapping';

function settings(patch: Partial<OrderMappingSettings> = {}): OrderMappingSettings {
  const tabs = demoTabs();
  const mapping = orderMappingOf({
    accountId: 'a',
    active: true,
    frozen: false,
    access: tabs.access,
    mindbox: tabs.mindbox,
    customers: tabs.customers,
    orders: { ...tabs.orders, extra: { ...tabs.orders.extra, discountPromotionId: 'crm-manual' } },
    products: tabs.products,
    fields: {
      mindbox: {
        orderAddress: 'DeliveryAddress',
        orderDeliveryCode: 'DeliveryCode',
        orderCustomerType: 'CustomerType',
      },
      retailcrm: tabs.fields.retailcrm,
    },
  });
  return { ...(mapping as OrderMappingSettings), ...patch };
}

/** The recorded order, with two lines and a promo code added the way a shop would have them. */
function fixtureOrder(): Order {
  const order = normaliseOrder(retailCrmFixture<{ order: unknown }>('order-get.json').order);
  const [first] = order.items;
  return {
    ...order,
    customFields: { ...order.customFields, mindbox_promo_code: ' 005ACOFHC8 ' },
    delivery: { ...order.delivery, code: 'courier', cost: 300 },
    items: [
      {
        ...first,
        id: 11,
        initialPrice: 1699,
        quantity: 4,
        status: 'saled',
        offer: { ...first.offer, externalId: '000032291' },
      },
      {
        ...first,
        id: 12,
        initialPrice: 5699,
        quantity: 1,
        status: 'new',
        offer: { ...first.offer, externalId: '000037616' },
      },
    ],
  };
}

/** The recorded calculate answer with the line ids of {@link fixtureOrder}. */
function fixtureCalculation(lineIds = ['11', '12']) {
  const body = mindboxFixture<{ order: { lines: Record<string, unknown>[] } }>(
    'calculate-response-coupon.json',
  );
  body.order.lines.forEach((line, i) => (line.lineId = lineIds[i]));
  return parseOrderCalculation(body)!;
}

describe('mapOrder', () => {
  it('maps the recorded order: customer, both order ids, lines, delivery, code, point of contact, extra fields', () => {
    const { body } = mapOrder(fixtureOrder(), settings());
    expect(body).toEqual({
      customer: { ids: { retailcrmId: '4976' } },
      pointOfContact: 'Retailcrm',
      order: {
        ids: { retailcrmId: '6722', retailcrmExternalId: '8123522898559160' },
        deliveryCost: 300,
        customFields: {
          DeliveryAddress: '344065, Rostovskaya oblast, Rostov-Na-Donu',
          DeliveryCode: 'courier',
          CustomerType: 'personal',
        },
        coupons: [{ ids: { code: '005ACOFHC8' } }],
        lines: [
          {
            lineId: '11',
            lineNumber: 11,
            product: { ids: { retailcrmProductId: '000032291' } },
            basePricePerItem: 1699,
            quantity: 4,
          },
          {
            lineId: '12',
            lineNumber: 12,
            product: { ids: { retailcrmProductId: '000037616' } },
            basePricePerItem: 5699,
            quantity: 1,
          },
        ],
      },
    });
  });

  it('sends points to spend and, only when asked, the CRM discount as the external promotion', () => {
    const order = { ...fixtureOrder(), discountManualAmount: 100, discountManualPercent: 10 };
    expect(crmOrderDiscount(order)).toBe(100 + (1699 * 4 + 5699) * 0.1);
    const plain = mapOrder(order, settings(), { pointsToSpend: 150 }).body.order;
    expect(plain.bonusPoints).toEqual([{ amount: 150 }]);
    expect(plain.requestedPromotions).toBeUndefined();
    const withDiscount = mapOrder(order, settings(), { withCrmDiscount: true }).body.order;
    expect(withDiscount.requestedPromotions).toEqual([
      { type: 'discount', promotion: { ids: { externalId: 'crm-manual' } }, amount: 1349.5 },
    ]);
  });

  it('takes the product id from the configured offer field, and a business customer type', () => {
    const order = { ...fixtureOrder(), contragent: { contragentType: 'legal-entity' } };
    const { body } = mapOrder(order, settings({ productField: 'offer.id' }));
    expect(body.order.lines.map((line) => line.product.ids)).toEqual([
      { retailcrmProductId: '1867352' },
      { retailcrmProductId: '1867352' },
    ]);
    expect(body.order.customFields?.CustomerType).toBe('business');
  });

  it('gives the same hash for the same order and another for a change', () => {
    const order = fixtureOrder();
    expect(mapOrder(order, settings()).hash).toBe(mapOrder(fixtureOrder(), settings()).hash);
    const edited = { ...order, items: [{ ...order.items[0], quantity: 5 }, order.items[1]] };
    expect(mapOrder(edited, settings()).hash).not.toBe(mapOrder(order, settings()).hash);
  });

  it('reads several codes from the promo-code field', () => {
    expect(
      couponsOf({ ...fixtureOrder(), customFields: { mindbox_promo_code: 'A, B;A' } }, settings()),
    ).toEqual(['A', 'B']);
  });
});

describe('lineStatusesOf', () => {
  it('maps item statuses through the status map and leaves unmapped ones out', () => {
    expect(lineStatusesOf(fixtureOrder(), settings())).toEqual([
      { lineId: '11', quantity: 4, status: { ids: { externalId: 'Delivered' } } },
    ]);
  });
});

describe('writeBackOf', () => {
  it("writes per-unit discounts from discountedPriceOfLine, Mindbox's price, the discount sum and every item", () => {
    const change = writeBackOf(fixtureOrder(), fixtureCalculation(), settings());
    // Line 1: 4 × 1699 = 6796, Mindbox 6296 -> 125 a unit. Line 2: no discount.
    expect(change?.input).toEqual({
      items: [
        {
          id: 11,
          discountManualAmount: 125,
          discountManualPercent: 0,
          properties: [{ code: 'mindbox-price', name: 'Mindbox price', value: '1574.00' }],
        },
        {
          // No discount, as the item has already: only the property changes.
          id: 12,
          properties: [{ code: 'mindbox-price', name: 'Mindbox price', value: '5699.00' }],
        },
      ],
      customFields: { mindbox_discount: 500 },
    });
  });

  it('adds up the lines of a line Mindbox split', () => {
    const body = mindboxFixture<{ order: { lines: Record<string, unknown>[] } }>(
      'calculate-response-coupon.json',
    );
    // Line 11 split in two: 3 at 1699 and 1 at 1199.
    body.order.lines = [
      { ...body.order.lines[0], lineId: '11', lineNumber: 1, quantity: 3, discountedPriceOfLine: 5097 },
      { ...body.order.lines[0], lineId: '11', lineNumber: 3, quantity: 1, discountedPriceOfLine: 1199 },
      { ...body.order.lines[1], lineId: '12' },
    ];
    const change = writeBackOf(fixtureOrder(), parseOrderCalculation(body)!, settings());
    expect(change?.input.items?.[0]).toMatchObject({ id: 11, discountManualAmount: 125 });
    expect(change?.discountSum).toBe(500);
  });

  it('leaves prices alone with "don\'t write back prices" and for service products, but fills the property', () => {
    const skip = writeBackOf(fixtureOrder(), fixtureCalculation(), settings({ skipPriceWriteback: true }));
    expect(skip?.input.items?.[0]).toEqual({
      id: 11,
      properties: [{ code: 'mindbox-price', name: 'Mindbox price', value: '1574.00' }],
    });
    const service = writeBackOf(
      fixtureOrder(),
      fixtureCalculation(),
      settings({ serviceProductIds: ['000032291'] }),
    );
    expect(service?.input.items?.[0]).toEqual({ id: 11 });
    // No discount left, and the field is empty already: nothing to send for it.
    expect(service?.discountSum).toBe(0);
    expect(service?.input.customFields).toBeUndefined();
  });

  it('does not count the CRM discount passed as the external promotion as Mindbox discount', () => {
    const body = mindboxFixture<{ order: { lines: Record<string, unknown>[] } }>(
      'calculate-response-coupon.json',
    );
    body.order.lines[0] = {
      ...body.order.lines[0],
      lineId: '11',
      discountedPriceOfLine: 6196,
      appliedPromotions: [
        { type: 'discount', amount: 100, promotion: { ids: { externalId: 'crm-manual' }, type: 'external' } },
      ],
    };
    body.order.lines[1].lineId = '12';
    const change = writeBackOf(fixtureOrder(), parseOrderCalculation(body)!, settings());
    expect(change?.input.items?.[0]).toMatchObject({ id: 11, discountManualAmount: 125 });
  });

  it('answers null when the order already has what Mindbox computed', () => {
    const order = fixtureOrder();
    const calculation = fixtureCalculation();
    const first = writeBackOf(order, calculation, settings());
    const written: Order = {
      ...order,
      customFields: { ...order.customFields, ...first?.input.customFields },
      items: order.items.map((item, i) => ({
        ...item,
        discountManualAmount: first?.input.items?.[i].discountManualAmount as number,
        discountManualPercent: 0,
        properties: first?.input.items?.[i].properties ?? [],
      })),
    };
    expect(writeBackOf(written, calculation, settings())).toBeNull();
  });
});
