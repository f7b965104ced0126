import type { OrderHistoryRecord } from '@app/retailcrm';
import { normaliseOrderHistoryRecord } from '@app/retailcrm/model/normalise';
import { retailCrmFixture } from '../../../../test/order-processing/fixtures';
import { collectOrderChanges } from './order-changes';

const recorded = (): OrderHistoryRecord[] =>
  retailCrmFixture<{ history: unknown[] }>('orders-history-page.json').history.map(
    normaliseOrderHistoryRecord,
  );

describe('collectOrderChanges', () => {
  it('collapses the recorded page per order, newest change last', () => {
    const records = recorded();
    const batch = collectOrderChanges(records);
    const ids = [...new Set(records.map((r) => r.order.id))];
    expect(batch.changed.map((c) => c.orderId).sort()).toEqual(ids.sort());
    for (const change of batch.changed) {
      const own = records.filter((r) => r.order.id === change.orderId);
      expect(change.historyId).toBe(Math.max(...own.map((r) => r.id)));
    }
    const last = batch.changed.map((c) => c.historyId);
    expect(last).toEqual([...last].sort((a, b) => a - b));
  });

  it("skips the module's own writes and other shops, and drops a deleted order", () => {
    const base = { createdAt: '2026-01-01 00:00:00', source: 'api' };
    const records = [
      { ...base, id: 1, field: 'status', order: { id: 5, site: 'a' } },
      {
        ...base,
        id: 2,
        field: 'order_product.discount_manual_amount',
        apiKey: { current: true },
        order: { id: 6, site: 'a' },
      },
      { ...base, id: 3, field: 'status', order: { id: 7, site: 'b' } },
      { ...base, id: 4, field: 'status', order: { id: 8, site: 'a' } },
      { ...base, id: 5, field: 'id', deleted: true, order: { id: 8, site: 'a' } },
      { ...base, id: 6, field: 'status', created: true, order: { id: 9, site: 'a' } },
    ] as OrderHistoryRecord[];
    const batch = collectOrderChanges(records, ['a']);
    expect(batch.changed).toEqual([
      { orderId: 5, historyId: 1, fields: ['status'] },
      { orderId: 9, historyId: 6, fields: ['created'] },
    ]);
    expect(batch.counts).toEqual({ records: 6, own: 1, otherSite: 1, deleted: 1 });
  });
});
