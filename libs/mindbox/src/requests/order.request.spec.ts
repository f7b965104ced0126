import calculateRequestFull from '../../../../../shared/fixtures/mindbox/calculate-request-full.json';
import calculateRequest from '../../../../../shared/fixtures/mindbox/calculate-request.json';
import type { MindboxCustomerOperationRequest } from './customer.request';
import type { MindboxOrderOperationRequest, MindboxOrderStatusRequest } from './order.request';

// These assignments are the test: `npx tsc --noEmit` fails if a documented request no longer fits
// the types. At run time they only check that the fixtures were read.
describe('request types', () => {
  it('type the real and the full calculate requests', () => {
    const real: MindboxOrderOperationRequest = calculateRequest;
    const full: MindboxOrderOperationRequest = calculateRequestFull;
    expect(real.order.lines).toHaveLength(2);
    expect(full.order.lines).toHaveLength(2);
  });

  it('type a RetailCRM order with an external promotion, points and a code', () => {
    const order: MindboxOrderOperationRequest = {
      customer: { ids: { retailCrmId: '5334' } },
      pointOfContact: 'retailcrm-shop-1',
      order: {
        ids: { retailCrmOrder: 'A-1042', websiteId: 1042 },
        deliveryCost: 300,
        coupons: [{ ids: { code: '005ACOFHC8' } }],
        bonusPoints: [{ amount: 200 }],
        payments: [{ type: 'card', amount: 6296 }],
        customFields: { deliveryCode: 'courier' },
        lines: [
          {
            lineId: '1',
            lineNumber: 1,
            quantity: 4,
            basePricePerItem: 1699,
            product: { ids: { website: '000032291' } },
            status: { ids: { externalId: 'accepted' } },
            requestedPromotions: [
              { type: 'discount', promotion: { ids: { externalId: 'crm-manual' } }, amount: 100 },
            ],
          },
          {
            product: { ids: { website: '1' } },
            basePricePerItem: '10.50',
            quantity: 1,
            status: 'Created',
            discounts: [
              { type: 'promoCode', promoCode: { ids: { code: 'X' } }, amount: 1 },
              { type: 'externalPromoAction', externalPromoAction: { ids: { externalId: 'crm' } }, amount: 2 },
            ],
          },
        ],
      },
    };
    const wholeOrder: MindboxOrderStatusRequest = {
      orderLinesStatus: 'Paid',
      order: { ids: { websiteId: '1042' } },
    };
    const someLines: MindboxOrderStatusRequest = {
      order: {
        ids: { websiteId: '1042' },
        lines: [{ lineNumber: 2, quantity: 1, status: { ids: { externalId: 'Canceled' } } }],
      },
    };
    const customer: MindboxCustomerOperationRequest = {
      customer: {
        ids: { retailCrmId: '5334' },
        email: 'a@b.ru',
        mobilePhone: 79374134389,
        sex: 'female',
        subscriptions: [{ pointOfContact: 'Email', topic: 'Main', isSubscribed: true }],
      },
    };
    expect([order, wholeOrder, someLines, customer]).toHaveLength(4);
  });
});
