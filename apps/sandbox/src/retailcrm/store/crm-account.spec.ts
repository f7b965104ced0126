import { CrmAccount } from './crm-account';
import { CrmMissingParameterError } from './crm.errors';
import type { Actor } from './crm.types';
import { FULL_ACCESS } from './paging';

const moduleKey: Actor = { source: 'api', apiKey: 'module-key' };
const manager: Actor = { source: 'user', userId: 3 };
const clock = () => new Date('2024-05-01T09:00:00Z');

function account(sites = ['shop']): CrmAccount {
  return new CrmAccount(
    'acme',
    { apiKey: 'module-key', sites: sites.map((code) => ({ code })), rateLimit: 10 },
    clock,
  );
}

describe('CrmAccount', () => {
  it('writes times in the account time zone', () => {
    expect(account().now()).toBe('2024-05-01 12:00:00');
  });

  it('needs the site of a create call only when the key reaches several shops', () => {
    expect(account().resolveSite(undefined, FULL_ACCESS)).toBe('shop');
    expect(() => account(['a', 'b']).resolveSite(undefined, FULL_ACCESS)).toThrow(CrmMissingParameterError);
    expect(account(['a', 'b']).resolveSite('b', FULL_ACCESS)).toBe('b');
  });

  it('makes a customer from the contact data of an order placed without one', () => {
    const sut = account();

    const order = sut.orders.create(
      moduleKey,
      { firstName: 'Олег', phone: '+79001112233', items: [{ offer: { id: 1000 } }] },
      'shop',
    );

    expect(sut.customers.get(order.customerId)).toMatchObject({
      firstName: 'Олег',
      phones: [{ number: '+79001112233' }],
    });
    expect(sut.customers.history.all()).toHaveLength(1);
    expect(sut.customers.get(order.customerId)?.ordersCount).toBe(1);
  });

  it('merges customers: orders move, the merged one is deleted with combinedTo', () => {
    const sut = account();
    const kept = sut.customers.create(moduleKey, { firstName: 'Анна' }, 'shop');
    const merged = sut.customers.create(
      moduleKey,
      { email: 'anna@example.com', phones: [{ number: '1' }] },
      'shop',
    );
    const order = sut.orders.create(
      moduleKey,
      { customer: { id: merged.id }, items: [{ offer: { id: 1000 } }] },
      'shop',
    );

    const result = sut.mergeCustomers(manager, kept.id, [merged.id]);

    expect(result).toMatchObject({
      id: kept.id,
      email: 'anna@example.com',
      phones: [{ number: '1' }],
      ordersCount: 1,
    });
    expect(sut.orders.get(order.id)?.customerId).toBe(kept.id);
    expect(sut.customers.get(merged.id)).toBeUndefined();
    const deletion = sut.customers.history.all().at(-1);
    expect(deletion).toMatchObject({
      deleted: true,
      source: 'user',
      combinedTo: { id: kept.id, site: 'shop' },
    });
    expect(sut.orders.history.all().at(-1)).toMatchObject({
      field: 'customer',
      oldValue: { id: merged.id, site: 'shop' },
      newValue: { id: kept.id, site: 'shop' },
    });
  });

  it('uploads what it can and reports the rest', () => {
    const sut = account();
    sut.customers.create(moduleKey, { externalId: 'taken' }, 'shop');

    const result = sut.uploadCustomers(
      moduleKey,
      [{ externalId: 'new-1' }, { externalId: 'taken' }, { email: 'bad' }],
      'shop',
    );

    expect(result.uploaded).toEqual([{ id: 2, externalId: 'new-1' }]);
    expect(result.failed).toEqual([{ externalId: 'taken' }, {}]);
    expect(result.errors).toEqual({
      'customers[1].externalId': 'A customer with this externalId already exists.',
      'customers[2].email': 'This value is not a valid email address.',
    });
  });

  it('seeds ten thousand customers with orders and a history record each', () => {
    const sut = account(['a', 'b']);

    const result = sut.seed({ customers: 10_000, orders: 2_000, seed: 1 });

    expect(result.customers).toEqual({ created: 10_000, firstId: 1, lastId: 10_000 });
    expect(sut.customers.size).toBe(10_000);
    expect(sut.orders.size).toBe(2_000);
    expect(sut.customers.history.lastRecordId).toBe(10_000);
    expect(sut.orders.history.lastRecordId).toBe(2_000);
  });
});
