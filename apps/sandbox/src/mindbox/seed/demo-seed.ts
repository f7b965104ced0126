import type { MindboxControlService } from '../control/mindbox-control.service';

export const DEMO_ENDPOINT_ID = 'demo-endpoint';
export const DEMO_SECRET_KEY = 'demo-mindbox-secret';
export const DEMO_CUSTOMER_COUNT = 50;
export const DEMO_CUSTOMER_POINTS = 1000;

/**
 * The demo project (`SANDBOX_SEED=demo`): ids named as the demo shop's module settings name them,
 * an automatic 5 % discount, a multi-use code WELCOME10 (10 %), one-time codes ONCE-0001…ONCE-0020
 * (500 off orders from 1000), and 1000 points for each customer with RetailCRM id 1…50.
 */
export function seedDemo(control: MindboxControlService): void {
  control.createProject({
    endpointId: DEMO_ENDPOINT_ID,
    secretKey: DEMO_SECRET_KEY,
    customerIdKeys: ['retailcrmId'],
    orderIdKeys: ['retailcrmId', 'retailcrmExternalId'],
    productIdKeys: ['retailcrmProductId'],
  });
  control.addPromotion(DEMO_ENDPOINT_ID, {
    externalId: 'demo-5-percent',
    name: 'Скидка 5% на всё',
    kind: 'percent',
    value: 5,
  });
  control.addCouponPool(DEMO_ENDPOINT_ID, {
    externalId: 'welcome',
    name: 'Приветственный промокод',
    kind: 'multiUse',
    codes: ['WELCOME10'],
    discount: { kind: 'percent', value: 10 },
  });
  control.addCouponPool(DEMO_ENDPOINT_ID, {
    externalId: 'once',
    name: 'Одноразовые промокоды 500 ₽',
    description: 'Скидка 500 ₽ на заказ от 1000 ₽',
    kind: 'oneTime',
    generate: { count: 20, prefix: 'ONCE-' },
    discount: { kind: 'amount', value: 500, scope: 'order' },
    minOrderTotal: 1000,
  });
  control.addCustomers(DEMO_ENDPOINT_ID, {
    generate: { count: DEMO_CUSTOMER_COUNT, idKey: 'retailcrmId', from: 1, balance: DEMO_CUSTOMER_POINTS },
  });
}
