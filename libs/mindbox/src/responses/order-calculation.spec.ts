import { mindboxFixture } from '../../test/fixtures';
import { COUPON_STATUSES, parseCouponInfo, parseOrderCalculation } from './order-calculation';

describe('parseOrderCalculation', () => {
  describe('calculate-response-coupon.json (a real calculation with a promo code)', () => {
    const order = parseOrderCalculation(mindboxFixture('calculate-response-coupon.json'))!;

    it('reads the order', () => {
      expect(order).toMatchObject({
        processingStatus: 'Calculated',
        totalPrice: 11995,
        totalDiscount: 500,
        deliveryDiscount: undefined,
        appliedPromotions: [],
        customer: undefined,
      });
    });

    it('reads each line with its prices, number, status and discount', () => {
      expect(order.lines).toHaveLength(2);
      expect(order.lines[0]).toMatchObject({
        lineNumber: 1,
        lineId: undefined,
        productIds: { hyperautoWebsite: '000032291' },
        quantity: 4,
        basePricePerItem: 1699,
        discountedPriceOfLine: 6296,
        discountOfLine: 500,
        statusExternalId: 'accepted',
      });
      expect(order.lines[1]).toMatchObject({
        lineNumber: 2,
        productIds: { hyperautoWebsite: '000037616' },
        quantity: 1,
        basePricePerItem: 5699,
        discountedPriceOfLine: 5699,
        discountOfLine: 0,
        appliedPromotions: [],
      });
    });

    it('reads the applied promotion: amount, type, promotion ids and the coupon that brought it', () => {
      expect(order.lines[0].appliedPromotions).toEqual([
        expect.objectContaining({
          type: 'discount',
          amount: 500,
          promotion: {
            ids: { mindboxId: '21', externalId: 'Н_BX587' },
            mindboxId: '21',
            externalId: 'Н_BX587',
            name: 'Акция ДР купон 500р на покупки от 1000р',
            type: 'mindbox',
            rawType: 'mindbox',
          },
          coupon: {
            code: '005ACOFHC8',
            ids: { code: '005ACOFHC8' },
            pool: expect.objectContaining({ mindboxId: '9', externalId: 'promo-code-pool-7' }),
          },
        }),
      ]);
    });

    it('reads the coupon as usable with its discount', () => {
      expect(order.coupons).toEqual([
        expect.objectContaining({
          code: '005ACOFHC8',
          status: 'CanBeUsed',
          rawStatus: 'CanBeUsed',
          canBeUsed: true,
          discountAmountForCurrentOrder: 500,
          pool: expect.objectContaining({ name: 'ДР купон 500р на покупки от 1000р' }),
        }),
      ]);
    });

    it('reports no points when the answer has no points node', () => {
      expect(order.bonusPoints).toEqual({
        available: undefined,
        spent: undefined,
        earned: undefined,
        unavailable: false,
        source: 'none',
        perBalanceType: [],
        changes: [],
      });
    });

    it('keeps the nodes as received in raw', () => {
      const body = mindboxFixture('calculate-response-coupon.json') as { order: { lines: unknown[] } };
      expect(order.raw).toEqual(body.order);
      expect(order.lines[0].raw).toEqual(body.order.lines[0]);
    });

    it('answers the lines of calculate-request.json in order', () => {
      const request = mindboxFixture('calculate-request.json') as {
        order: { lines: { product: { ids: Record<string, string> }; quantity: number }[] };
      };
      expect(order.lines.map((line) => [line.productIds, line.quantity])).toEqual(
        request.order.lines.map((line) => [line.product.ids, line.quantity]),
      );
    });
  });

  it('reads every node of calculate-request-full.json that shares a response shape', () => {
    // A request, not an answer: its lines still read as lines (ids, prices, numbers, statuses).
    const order = parseOrderCalculation(mindboxFixture('calculate-request-full.json'))!;
    expect(order.ids).toMatchObject({ mindboxId: '385382204', websiteTransactionId: '1217054239' });
    expect(order.deliveryCost).toBe(15416954.95);
    expect(order.lines.map((line) => [line.lineId, line.lineNumber, line.statusExternalId])).toEqual([
      ['233', 1, 'InCart'],
      ['732', 1, 'InCart'],
    ]);
    expect(order.lines[0]).toMatchObject({
      productIds: { system1c: '702689775', website: '1738943172', default: '918177117' },
      minPricePerItem: 7137772.24,
      customFields: { cF: false },
    });
    expect(order.processingStatus).toBe('unknown');
  });

  it('answers undefined for a body without an order (TransactionAlreadyProcessed, errors)', () => {
    expect(parseOrderCalculation(mindboxFixture('transaction-already-processed.json'))).toBeUndefined();
    expect(parseOrderCalculation(mindboxFixture('validation-error.json'))).toBeUndefined();
    expect(parseOrderCalculation(undefined)).toBeUndefined();
  });

  it('reads a Used one-time code, the customer, and string numbers', () => {
    const order = parseOrderCalculation({
      status: 'Success',
      order: {
        processingStatus: 'Calculated',
        totalPrice: '1',
        lines: [
          {
            product: { ids: { products: 1 } },
            quantity: '1',
            basePricePerItem: '1.00',
            discountedPriceOfLine: 1,
            status: { ids: { externalId: 'create' } },
            lineNumber: 1,
          },
        ],
        couponsInfo: [
          {
            discountAmountForCurrentOrder: 0,
            coupon: {
              ids: { code: 'BLS3TQO' },
              status: 'Used',
              availableTillDateTimeUtc: '2019-11-07T15:26:28.817Z',
              usedDateTimeUtc: '2019-10-17T15:34:04.47Z',
            },
          },
        ],
      },
      customer: { processingStatus: 'Found', ids: { mindboxId: 79368 } },
    })!;
    expect(order.totalPrice).toBe(1);
    expect(order.lines[0]).toMatchObject({ productIds: { products: '1' }, quantity: 1, discountOfLine: 0 });
    expect(order.coupons[0]).toMatchObject({
      code: 'BLS3TQO',
      status: 'Used',
      canBeUsed: false,
      usedDateTimeUtc: '2019-10-17T15:34:04.47Z',
    });
    expect(order.customer).toMatchObject({ found: true, mindboxId: '79368' });
  });

  it('keeps unknown enum values as "unknown" with the text received', () => {
    const order = parseOrderCalculation({
      order: {
        processingStatus: 'CalculatedTwice',
        lines: [
          {
            appliedPromotions: [
              { type: 'cashback', amount: 5, promotion: { ids: { externalId: 'p' }, type: 'partner' } },
            ],
          },
        ],
        couponsInfo: [{ coupon: { ids: { code: 'NEW' }, status: 'PendingModeration' } }],
      },
    })!;
    expect(order).toMatchObject({ processingStatus: 'unknown', rawProcessingStatus: 'CalculatedTwice' });
    expect(order.lines[0].appliedPromotions[0]).toMatchObject({
      type: 'unknown',
      rawType: 'cashback',
      promotion: { type: 'unknown', rawType: 'partner' },
    });
    expect(order.coupons[0]).toMatchObject({
      status: 'unknown',
      rawStatus: 'PendingModeration',
      canBeUsed: false,
    });
  });

  it('reads a price change of create with processing', () => {
    const order = parseOrderCalculation({
      status: 'Success',
      order: {
        processingStatus: 'PriceHasBeenChanged',
        statusDescription: 'Промокод больше не действует',
        ids: { mindboxId: 5 },
      },
    })!;
    expect(order).toMatchObject({
      processingStatus: 'PriceHasBeenChanged',
      statusDescription: 'Промокод больше не действует',
      ids: { mindboxId: '5' },
      lines: [],
      totalDiscount: undefined,
    });
  });

  it('keeps split lines (one lineId, several numbers) and sums the discount over them', () => {
    const order = parseOrderCalculation({
      order: {
        lines: [
          { lineId: 'crm-7', lineNumber: 1, quantity: 1, basePricePerItem: 100, discountedPriceOfLine: 0 },
          { lineId: 'crm-7', lineNumber: 2, quantity: 2, basePricePerItem: 100, discountedPriceOfLine: 200 },
        ],
        appliedPromotions: [{ type: 'deliveryDiscount', amount: 300 }],
      },
    })!;
    expect(order.lines.map((line) => [line.lineId, line.lineNumber, line.discountOfLine])).toEqual([
      ['crm-7', 1, 100],
      ['crm-7', 2, 0],
    ]);
    expect(order.totalDiscount).toBe(100);
    expect(order.deliveryDiscount).toBe(300);
  });

  it('falls back to the discount promotions when lines give no prices, and reads older discountedPricePerLine', () => {
    expect(
      parseOrderCalculation({
        order: {
          lines: [
            {
              appliedPromotions: [
                { type: 'discount', amount: 10.1 },
                { type: 'correctionDiscount', amount: 0.2 },
              ],
            },
          ],
        },
      })!.totalDiscount,
    ).toBe(10.3);
    expect(
      parseOrderCalculation({
        order: { lines: [{ quantity: 3, basePricePerItem: 0.1, discountedPricePerLine: 0.2 }] },
      })!.lines[0].discountOfLine,
    ).toBe(0.1);
  });
});

describe('parseCouponInfo', () => {
  it.each(COUPON_STATUSES)('knows the documented status %s', (status) => {
    expect(parseCouponInfo({ coupon: { ids: { code: 'X' }, status } })).toMatchObject({
      status,
      canBeUsed: status === 'CanBeUsed',
    });
  });

  it('reads an entry without a coupon as an unknown status', () => {
    expect(parseCouponInfo({ discountAmountForCurrentOrder: 0 })).toMatchObject({
      status: 'unknown',
      rawStatus: undefined,
      code: undefined,
    });
    expect(parseCouponInfo('CanBeUsed')).toBeUndefined();
  });
});
