import type { CustomField } from '@app/retailcrm';
import { demoTabs } from '@app/settings';
import {
  accessProblems,
  customerProblems,
  orderFieldPlan,
  orderProblems,
  productProblems,
} from './tab-rules';

const field = (entity: string, code: string, type: string): CustomField => ({
  entity,
  code,
  type,
  name: code,
});

describe('settings tab rules', () => {
  describe('access', () => {
    it('names shops the CRM does not have and shops a selective key cannot reach', () => {
      const all = { siteAccess: 'access_full', sitesAvailable: [] };
      expect(accessProblems(['a', 'b'], ['a', 'b'], all).toJSON()).toEqual({});
      expect(accessProblems(['a', 'x'], ['a', 'b'], all).toJSON()).toEqual({
        'sites[1]': expect.stringMatching(/"x"/),
      });
      const selective = { siteAccess: 'access_selective', sitesAvailable: ['a'] };
      expect(accessProblems(['a', 'b'], ['a', 'b'], selective).toJSON()).toEqual({
        'sites[1]': expect.stringMatching(/no access/),
      });
    });
  });

  describe('orders', () => {
    const orders = demoTabs().orders;
    const refs = {
      orderMethods: ['phone', 'shopping-cart'],
      statuses: ['new', 'complete', 'send-to-delivery'],
    };

    it('accepts the demo tab against a CRM that has its codes', () => {
      expect(orderProblems(orders, refs).isEmpty).toBe(true);
    });

    it('names each unknown method and status by path and index', () => {
      const errors = orderProblems(
        {
          ...orders,
          conditions: {
            ...orders.conditions,
            orderMethods: ['phone', 'fax'],
            calculateStatuses: ['nope', 'new'],
            lineStatusStatuses: ['send-to-delivery', 'lost'],
          },
        },
        refs,
      ).toJSON();
      expect(errors).toEqual({
        'conditions.orderMethods[1]': 'There is no order method "fax" in your RetailCRM',
        'conditions.calculateStatuses[0]': 'There is no order status "nope" in your RetailCRM',
        'conditions.lineStatusStatuses[1]': 'There is no order status "lost" in your RetailCRM',
      });
    });

    it('wants the operation of every status list in use, and one kind of transaction per status', () => {
      const errors = orderProblems(
        {
          ...orders,
          operations: {},
          conditions: { ...orders.conditions, transactionWithDiscountStatuses: ['complete'] },
        },
        refs,
      ).toJSON();
      expect(Object.keys(errors).sort()).toEqual([
        'conditions.transactionWithDiscountStatuses[0]',
        'operations.beginTransaction',
        'operations.calculate',
        'operations.commitTransaction',
        'operations.updateLineStatus',
      ]);
      const idle = orderProblems(
        {
          ...orders,
          operations: {},
          conditions: {
            orderMethods: [],
            calculateStatuses: [],
            transactionStatuses: [],
            transactionWithDiscountStatuses: [],
            lineStatusStatuses: [],
          },
        },
        refs,
      );
      expect(idle.isEmpty).toBe(true);
    });

    it('wants a name for the price property', () => {
      const errors = orderProblems(
        { ...orders, extra: { priceProperty: { code: 'p', name: ' ' } } },
        refs,
      ).toJSON();
      expect(Object.keys(errors)).toEqual(['extra.priceProperty.name']);
    });
  });

  it('products: names item statuses the CRM does not have and empty Mindbox statuses', () => {
    const products = {
      ...demoTabs().products,
      statusMap: { saled: 'Delivered', lost: 'Lost', failure: ' ' },
    };
    expect(productProblems(products, ['saled', 'failure']).toJSON()).toEqual({
      'statusMap.lost': 'There is no item status "lost" in your RetailCRM',
      'statusMap.failure': expect.stringMatching(/Mindbox line status/),
    });
  });

  it('customers: the Mindbox id field must be an existing text or number customer field', () => {
    const customers = demoTabs().customers;
    const fields = [field('customer', 'mb_id', 'string'), field('customer', 'birthday', 'date')];
    expect(customerProblems(customers, fields).isEmpty).toBe(true);
    const named = (code: string) => ({
      ...customers,
      ids: { customerIdKey: 'retailcrmId', mindboxIdCustomField: code },
    });
    expect(customerProblems(named('mb_id'), fields).isEmpty).toBe(true);
    expect(customerProblems(named('none'), fields).toJSON()).toEqual({
      'ids.mindboxIdCustomField': expect.stringMatching(/no customer custom field "none"/),
    });
    expect(customerProblems(named('birthday'), fields).toJSON()).toEqual({
      'ids.mindboxIdCustomField': expect.stringMatching(/date/),
    });
  });

  describe('fields', () => {
    const fields = demoTabs().fields;

    it('plans to create the missing order fields with the types the module writes', () => {
      const plan = orderFieldPlan(fields, [field('order', 'gift_wrap', 'boolean')]);
      expect(plan.errors.isEmpty).toBe(true);
      expect(plan.create).toEqual([
        {
          path: 'retailcrm.discountAmountField',
          field: expect.objectContaining({
            code: 'mindbox_discount',
            type: 'integer',
            viewMode: 'not_editable',
          }),
        },
        {
          path: 'retailcrm.promoCodeField',
          field: expect.objectContaining({
            code: 'mindbox_promo_code',
            type: 'string',
            viewMode: 'editable',
          }),
        },
      ]);
    });

    it('keeps existing fields of the right type and refuses one of another type', () => {
      const existing = [
        field('order', 'mindbox_discount', 'integer'),
        field('order', 'mindbox_promo_code', 'text'),
      ];
      const plan = orderFieldPlan(fields, existing);
      expect(plan.create).toEqual([]);
      expect(plan.errors.toJSON()).toEqual({
        'retailcrm.promoCodeField': expect.stringMatching(/type text/),
      });
    });

    it('refuses one field for both, and does nothing without fields', () => {
      const same = { ...fields, retailcrm: { discountAmountField: 'x', promoCodeField: 'x' } };
      expect(Object.keys(orderFieldPlan(same, []).errors.toJSON())).toEqual(['retailcrm.promoCodeField']);
      const none = orderFieldPlan({ ...fields, retailcrm: {} }, []);
      expect(none).toEqual({ errors: expect.objectContaining({ isEmpty: true }), create: [] });
    });
  });
});
