import type { CustomerHistoryRecord, OrderHistoryRecord } from '@app/retailcrm';
import { normaliseCustomerHistoryRecord, normaliseOrderHistoryRecord } from '@app/retailcrm/model/normalise';
import { retailCrmFixture } from '../../../../test/customer-sync/fixtures';
import type { CustomerMappingSettings } from '../mapping/mapping-settings';
import { collectCustomerChanges, customersWithNewOrders } from './history-changes';

const history = (): CustomerHistoryRecord[] =>
  retailCrmFixture<{ history: unknown[] }>('customers-history.json').history.map(
    normaliseCustomerHistoryRecord,
  );

const settings: CustomerMappingSettings = {
  customerIdKey: 'retailcrmId',
  pointsOfContact: ['Email'],
  cityField: 'City',
};

describe('collectCustomerChanges on customers-history.json', () => {
  it('keeps one change per customer for mapped fields and creations, in the order of the newest', () => {
    const batch = collectCustomerChanges(history(), settings);
    expect(batch.changed).toEqual([
      { customerId: 985, historyId: 2745, fields: ['created'] },
      { customerId: 986, historyId: 2753, fields: ['created'] },
      { customerId: 987, historyId: 2754, fields: ['created'] },
      // address.city (2719) and two phone changes (2755, 2756) collapse into one.
      { customerId: 978, historyId: 2756, fields: ['address.city', 'phones'] },
      { customerId: 988, historyId: 2773, fields: ['created'] },
      { customerId: 989, historyId: 2774, fields: ['created'] },
      { customerId: 990, historyId: 2789, fields: ['created'] },
    ]);
    // 25 records count (9 creations, 10 deletions, 6 changes of mapped fields); segments, managers,
    // the external id and the other address fields map to nothing.
    expect(batch.counts).toEqual({ records: 100, own: 0, otherSite: 0, unmapped: 75 });
  });

  it('reports deleted customers, dropping their earlier changes in the batch', () => {
    const batch = collectCustomerChanges(history(), settings);
    expect(batch.removed.map((r) => r.customerId).sort()).toEqual([
      974, 975, 976, 977, 979, 980, 981, 982, 983, 984,
    ]);
    // 982 was created, had its phone and e-mail changed, then was deleted: no change left to send.
    expect(batch.changed.find((c) => c.customerId === 982)).toBeUndefined();
    expect(batch.removed.every((r) => r.mergedInto === undefined)).toBe(true);
  });

  it('maps the address city only when the tab names its field', () => {
    const batch = collectCustomerChanges(history(), { ...settings, cityField: undefined });
    expect(batch.changed.find((c) => c.customerId === 978)?.fields).toEqual(['phones']);
  });

  it("skips the module's own writes (apiKey.current)", () => {
    const records = history().map((record) =>
      record.customer.id === 982 || record.customer.id === 978
        ? { ...record, source: 'api', apiKey: { current: true } }
        : record,
    );
    const batch = collectCustomerChanges(records, settings);
    expect(batch.changed.map((c) => c.customerId)).not.toContain(978);
    // Its deletion was the module's own too: nothing is reported for 982.
    expect(batch.removed.map((r) => r.customerId)).not.toContain(982);
    expect(batch.counts.own).toBe(30);
  });

  it('skips customers of shops outside the Access tab', () => {
    const batch = collectCustomerChanges(history(), settings, ['moysklad']);
    expect(batch.changed.map((c) => c.customerId)).toEqual([978, 988]);
    expect(batch.counts.otherSite).toBeGreaterThan(0);
  });
});

describe('collectCustomerChanges on merges', () => {
  const record = (id: number, fields: Partial<CustomerHistoryRecord>): CustomerHistoryRecord => ({
    id,
    createdAt: '2026-01-01 10:00:00',
    source: 'user',
    field: 'first_name',
    customer: { id: 1, site: 'shop' },
    ...fields,
  });

  it('reports the merged customer as removed into the survivor, and the survivor as changed', () => {
    const batch = collectCustomerChanges(
      [
        record(10, { customer: { id: 5, site: 'shop' }, field: 'email' }),
        record(11, { customer: { id: 5, site: 'shop' }, field: 'phones' }),
        record(12, {
          customer: { id: 6, site: 'shop' },
          deleted: true,
          field: 'id',
          combinedTo: { id: 5, site: 'shop' },
        }),
      ],
      settings,
    );
    expect(batch.removed).toEqual([{ customerId: 6, historyId: 12, mergedInto: 5 }]);
    expect(batch.changed).toEqual([{ customerId: 5, historyId: 12, fields: ['email', 'merged', 'phones'] }]);
  });

  it('reads combinedTo from the customer snapshot too', () => {
    const batch = collectCustomerChanges(
      [record(20, { customer: { id: 7, combinedTo: { id: 8 } }, deleted: true, field: 'id' })],
      settings,
    );
    expect(batch.removed).toEqual([{ customerId: 7, historyId: 20, mergedInto: 8 }]);
    expect(batch.changed).toEqual([{ customerId: 8, historyId: 20, fields: ['merged'] }]);
  });

  it('does not send a survivor that is deleted later in the batch', () => {
    const batch = collectCustomerChanges(
      [
        record(30, { customer: { id: 9 }, deleted: true, field: 'id', combinedTo: { id: 10 } }),
        record(31, { customer: { id: 10 }, deleted: true, field: 'id' }),
      ],
      settings,
    );
    expect(batch.changed).toEqual([]);
    expect(batch.removed.map((r) => r.customerId)).toEqual([9, 10]);
  });
});

describe('customersWithNewOrders on orders-history-page.json', () => {
  const orders = (): OrderHistoryRecord[] =>
    retailCrmFixture<{ history: unknown[] }>('orders-history-page.json').history.map(
      normaliseOrderHistoryRecord,
    );

  it('finds the customers of created orders and of orders moved to them', () => {
    expect(customersWithNewOrders(orders()).sort()).toEqual([971, 978]);
  });

  it('skips own writes and other shops', () => {
    const own = orders().map((r) => ({ ...r, apiKey: { current: true } }));
    expect(customersWithNewOrders(own)).toEqual([]);
    expect(customersWithNewOrders(orders(), ['no-such-shop'])).toEqual([]);
  });
});
