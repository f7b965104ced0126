import { fixture } from '../test/fake-retailcrm.server';
import {
  customFieldsOf,
  errorsOf,
  itemPropertiesOf,
  listOf,
  normaliseCustomerHistoryRecord,
  normaliseOrder,
  normaliseOrderHistoryRecord,
  normaliseProduct,
  paymentsOf,
} from './normalise';

describe('normalisers of RetailCRM PHP-isms', () => {
  it('gives custom fields as an object whether they come as [] or {}', () => {
    expect(customFieldsOf([])).toEqual({});
    expect(customFieldsOf(undefined)).toEqual({});
    expect(customFieldsOf({ galka: false })).toEqual({ galka: false });
  });

  it('gives payments as a list whether keyed by id, listed, or empty', () => {
    const payment = { id: 4326, type: 'bank-card', amount: 1 };
    expect(paymentsOf({ '4326': payment })).toEqual([payment]);
    expect(paymentsOf([payment])).toEqual([payment]);
    expect(paymentsOf({})).toEqual([]);
    expect(paymentsOf([])).toEqual([]);
  });

  it('gives dictionaries as lists whether keyed by code or listed', () => {
    const status = { code: 'new', name: 'Новый' };
    expect(listOf({ new: status })).toEqual([status]);
    expect(listOf([status])).toEqual([status]);
  });

  it('gives line properties as a list whether keyed by code or listed', () => {
    expect(itemPropertiesOf([])).toEqual([]);
    expect(itemPropertiesOf({ size: { name: 'Размер', value: 'XL' } })).toEqual([
      { code: 'size', name: 'Размер', value: 'XL' },
    ]);
  });

  it('flattens errors given as an object or a list', () => {
    expect(errorsOf({ name: 'required', items: { '0': { quantity: 'too big' } } })).toEqual([
      { field: 'name', message: 'required' },
      { field: 'items.0.quantity', message: 'too big' },
    ]);
    expect(errorsOf(['one', 'two'])).toEqual([{ message: 'one' }, { message: 'two' }]);
    expect(errorsOf(undefined)).toEqual([]);
  });

  it('fixes the recorded order without losing a field', () => {
    const raw = fixture<{ order: Record<string, unknown> }>('order-get.json').order;
    const order = normaliseOrder(raw);

    expect(Object.keys(order).sort()).toEqual(Object.keys(raw).sort());
    expect(order.payments).toEqual(Object.values(raw.payments as object));
    expect(order).toMatchObject({ id: 6722, customFields: raw.customFields });
  });

  it('does not invent fields for short references in history', () => {
    const record = normaliseOrderHistoryRecord({ id: 1, field: 'status', order: { id: 2, site: 's' } });
    expect(record.order).toEqual({ id: 2, site: 's' });
  });

  it('fixes every snapshot of the recorded history pages', () => {
    const customers = fixture<{ history: unknown[] }>('customers-history.json').history;
    const orders = fixture<{ history: unknown[] }>('orders-history-page.json').history;

    for (const record of customers.map(normaliseCustomerHistoryRecord)) {
      if ('customFields' in record.customer) expect(Array.isArray(record.customer.customFields)).toBe(false);
    }
    for (const record of orders.map(normaliseOrderHistoryRecord)) {
      if ('customFields' in record.order) expect(Array.isArray(record.order.customFields)).toBe(false);
      if ('payments' in record.order) expect(Array.isArray(record.order.payments)).toBe(true);
    }
  });

  it('gives offer properties as an object', () => {
    const product = normaliseProduct({ id: 1, name: 'p', offers: [{ id: 2, properties: [] }] });
    expect(product.offers).toEqual([{ id: 2, properties: {} }]);
  });
});
