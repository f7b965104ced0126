import type { CardOrderDto } from '@app/messaging';
import { COUPON_STATUSES, parseOrderCalculation, type MindboxOrderCalculation } from '@app/mindbox';
import { mindboxFixture } from '../../../../libs/mindbox/test/fixtures';
import {
  calculateRequestOf,
  type CardMapping,
  hintsOf,
  lineDiscountsOf,
  productIdOf,
  promoCodeOf,
  promotionsOf,
  totalsOf,
  verdictOf,
} from './card-order.mapping';

const mapping: CardMapping = {
  customerIdKey: 'retailcrmId',
  orderIdKey: 'retailcrmId',
  orderExternalIdKey: 'retailcrmExternalId',
  productKey: 'hyperautoWebsite',
  productField: 'offer.externalId',
  pointOfContact: 'Retailcrm',
};

/** The card order the fixture `calculate-response-coupon.json` answers: 4 × 1699 and 1 × 5699. */
const fixtureOrder = (): CardOrderDto =>
  ({
    id: 1042,
    externalId: 'A-1042',
    customer: { id: 5334 },
    items: [
      { index: 0, id: 71, offer: { id: 9, externalId: '000032291' }, quantity: 4, initialPrice: 1699 },
      { index: 1, id: 72, offer: { id: 10, externalId: '000037616' }, quantity: 1, initialPrice: 5699 },
    ],
  }) as CardOrderDto;

function fixtureCalculation(): MindboxOrderCalculation {
  const calculation = parseOrderCalculation(mindboxFixture('calculate-response-coupon.json'));
  if (!calculation) throw new Error('the fixture has no order');
  // The fixture's lines carry no lineId; the module's requests give each line its CRM id.
  calculation.lines.forEach((line, position) => (line.lineId = String(71 + position)));
  return calculation;
}

describe('the card order as Mindbox sees it', () => {
  it('sends the same customer, order and product ids as order-processing, with the code and points', () => {
    expect(calculateRequestOf(fixtureOrder(), mapping, { promoCode: '005ACOFHC8', points: 200 })).toEqual({
      customer: { ids: { retailcrmId: '5334' } },
      pointOfContact: 'Retailcrm',
      order: {
        ids: { retailcrmId: '1042', retailcrmExternalId: 'A-1042' },
        coupons: [{ ids: { code: '005ACOFHC8' } }],
        bonusPoints: [{ amount: 200 }],
        lines: [
          {
            lineId: '71',
            lineNumber: 1,
            product: { ids: { hyperautoWebsite: '000032291' } },
            basePricePerItem: 1699,
            quantity: 4,
          },
          {
            lineId: '72',
            lineNumber: 2,
            product: { ids: { hyperautoWebsite: '000037616' } },
            basePricePerItem: 5699,
            quantity: 1,
          },
        ],
      },
    });
  });

  it('leaves out what the card does not have: a new order, no customer, no code, no points', () => {
    const order = {
      items: [{ index: 3, offer: { id: 9 }, quantity: 1.5, initialPrice: 10 }],
    } as CardOrderDto;
    expect(calculateRequestOf(order, { ...mapping, pointOfContact: undefined })).toEqual({
      order: {
        lines: [
          {
            lineId: 'card-3',
            lineNumber: 1,
            product: { ids: { hyperautoWebsite: '9' } },
            basePricePerItem: 10,
            quantity: 1.5,
            quantityType: 'double',
          },
        ],
      },
    });
  });

  it('takes the product id from the offer field the settings name', () => {
    const item = fixtureOrder().items[0];
    item.offer.article = 'ART-1';
    expect(productIdOf(item, 'offer.externalId')).toBe('000032291');
    expect(productIdOf(item, 'offer.article')).toBe('ART-1');
    expect(productIdOf(item, 'offer.id')).toBe('9');
    expect(productIdOf(item, 'offer.xmlId')).toBe('9');
  });
});

describe("Mindbox's answer as the card shows it", () => {
  it('reads the valid code of the fixture with its discount and the total', () => {
    const calculation = fixtureCalculation();
    expect(promoCodeOf(calculation, '005acofhc8')).toEqual({
      code: '005acofhc8',
      verdict: 'valid',
      mindboxStatus: 'CanBeUsed',
      discount: 500,
      poolName: 'ДР купон 500р на покупки от 1000р',
      validFrom: undefined,
      validTill: undefined,
      usedAt: undefined,
    });
    expect(totalsOf(fixtureOrder(), calculation)).toEqual({ subtotal: 12495, discount: 500, total: 11995 });
  });

  it('puts the discount on the lines it belongs to', () => {
    expect(lineDiscountsOf(fixtureOrder(), fixtureCalculation())).toEqual([
      { index: 0, id: 71, discount: 500, total: 6296 },
      { index: 1, id: 72, discount: 0, total: 5699 },
    ]);
  });

  it('adds up the parts of a line Mindbox split', () => {
    const calculation = fixtureCalculation();
    const [first] = calculation.lines;
    calculation.lines = [
      { ...first, quantity: 3, discountedPriceOfLine: 4597 },
      { ...first, quantity: 1, discountedPriceOfLine: 1699 },
      calculation.lines[1],
    ];
    expect(lineDiscountsOf(fixtureOrder(), calculation)[0]).toEqual({
      index: 0,
      id: 71,
      discount: 500,
      total: 6296,
    });
  });

  it('lists the promotion of the fixture once, with its line', () => {
    expect(promotionsOf(fixtureOrder(), fixtureCalculation())).toEqual([
      {
        name: 'Акция ДР купон 500р на покупки от 1000р',
        type: 'discount',
        amount: 500,
        externalId: 'Н_BX587',
        lines: [0],
      },
    ]);
    expect(hintsOf(fixtureCalculation())).toEqual([]);
  });

  it("words every coupon status of Mindbox's calculation for a manager", () => {
    const words = COUPON_STATUSES.map(verdictOf);
    expect(words).toEqual([
      'valid',
      'already-used',
      'not-found',
      'not-issued',
      'not-yet-active',
      'expired',
      'not-for-this-order',
      'blocked',
      'unavailable',
    ]);
    expect(verdictOf('unknown')).toBe('unknown');
  });

  it('reads a code Mindbox did not mention as not found, with no discount', () => {
    const calculation = fixtureCalculation();
    calculation.coupons = [];
    expect(promoCodeOf(calculation, 'OTHER')).toEqual({ code: 'OTHER', verdict: 'not-found', discount: 0 });
  });
});
