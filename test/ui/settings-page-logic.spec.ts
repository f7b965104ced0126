import {
  describeMessage,
  fieldId,
  formatPath,
  messagesFor,
  parsePath,
  unclaimedMessages,
} from '../../apps/gateway/ui/src/forms/error-paths';
import { readJournal, readSyncStatus } from '../../apps/gateway/ui/src/api/sync-readers';
import { linesToList, optional, rowsToMap, secretToSend } from '../../apps/gateway/ui/src/forms/values';

// The settings page's pure logic, run by Jest without a browser: how 422 field paths reach the
// inputs, what the page sends, and how it reads the (younger) sync endpoints.

describe('422 field paths on the settings page', () => {
  it('parses dotted paths with indexes, in either spelling', () => {
    expect(parsePath('conditions.calculateStatuses[0]')).toEqual(['conditions', 'calculateStatuses', 0]);
    expect(parsePath('conditions.calculateStatuses.0')).toEqual(['conditions', 'calculateStatuses', 0]);
    expect(parsePath('lines[1].code')).toEqual(['lines', 1, 'code']);
    expect(parsePath('matrix[2][3]')).toEqual(['matrix', 2, 3]);
    expect(formatPath(parsePath('a.b.0.c'))).toBe('a.b[0].c');
  });

  it('gives a field its own messages and those of its items, in order', () => {
    const errors = {
      'conditions.calculateStatuses[1]': 'There is no order status "lost"',
      'conditions.calculateStatuses[0]': 'There is no order status "gone"',
      'conditions.calculateStatusesExtra': 'not this field',
      'conditions.orderMethods': 'each value in orderMethods must be RetailCRM codes',
    };
    const found = messagesFor(errors, 'conditions.calculateStatuses');
    expect(found.map((m) => m.rest)).toEqual([[0], [1]]);
    expect(found.map((m) => describeMessage(m, ['gone', 'lost']))).toEqual([
      '«gone»: There is no order status "gone"',
      '«lost»: There is no order status "lost"',
    ]);
    expect(messagesFor(errors, 'conditions.orderMethods').map((m) => describeMessage(m))).toEqual([
      'each value in orderMethods must be RetailCRM codes',
    ]);
  });

  it('names an item by position when its value is not known, and nested keys by name', () => {
    const [item] = messagesFor({ 'sites[3]': 'There is no shop "x"' }, 'sites');
    expect(describeMessage(item, ['a'])).toBe('#4: There is no shop "x"');
    const [nested] = messagesFor({ 'statusMap.delivered': 'too long' }, 'statusMap');
    expect(describeMessage(nested)).toBe('delivered: too long');
    const [deep] = messagesFor({ 'lines[0].code': 'must be a string' }, 'lines');
    expect(describeMessage(deep, ['first'])).toBe('«first» code: must be a string');
  });

  it('leaves messages no field claims for the summary', () => {
    const errors = { apiKey: 'refused', 'sites[0]': 'unknown', body: 'must be a JSON object' };
    expect(unclaimedMessages(errors, ['apiKey', 'sites']).map((m) => m.path)).toEqual(['body']);
  });

  it('makes DOM ids from paths', () => {
    expect(fieldId('orders', 'conditions.calculateStatuses')).toBe('orders-conditions-calculateStatuses');
    expect(fieldId('orders', 'extra.priceProperty.code')).toBe('orders-extra-priceProperty-code');
    expect(fieldId('access', 'sites[2]')).toBe('access-sites-2');
  });
});

describe('what the settings page sends', () => {
  it('sends the stored mask back unless a new secret was typed', () => {
    expect(secretToSend('', '••••cret')).toBe('••••cret');
    expect(secretToSend('new-secret', '••••cret')).toBe('new-secret');
  });

  it('leaves empty optional fields out, and reads lists one a line', () => {
    expect(optional('  ')).toBeUndefined();
    expect(optional(' City ')).toBe('City');
    expect(linesToList(' a \n\n b\n')).toEqual(['a', 'b']);
    expect(
      rowsToMap([
        { crm: 'saled', mindbox: ' Delivered ' },
        { crm: '', mindbox: 'x' },
      ]),
    ).toEqual({
      saled: 'Delivered',
    });
  });
});

describe('sync answers read leniently', () => {
  it("reads customer-sync's status: progress with a rate a second, counters, queue, last error", () => {
    const status = readSyncStatus({
      customers: {
        entity: 'customers',
        fullLoad: { status: 'running', done: 10, total: 40, rate: 2, startedAt: '2026-01-01T00:00:00Z' },
        live: { lastError: null, lastErrorAt: null },
        pendingMessages: 3,
        counters: { synced: 9, rejected: 1, warnings: 0, failed: 2 },
        lastError: { id: 5, crmId: 42, at: '2026-01-01T00:01:00Z', text: 'Mindbox: email is not valid' },
      },
    });
    expect(status.customers).toEqual({
      fullLoad: {
        state: 'running',
        done: 10,
        total: 40,
        ratePerMinute: 120,
        startedAt: '2026-01-01T00:00:00Z',
      },
      synced: 9,
      failed: 3,
      queueDepth: 3,
      lastError: { message: 'Mindbox: email is not valid', at: '2026-01-01T00:01:00Z' },
    });
    // No status of orders yet: the tab shows no card for them.
    expect(status.orders).toBeNull();
  });

  it('reads statuses given as a list naming their entity, and flat counters', () => {
    const status = readSyncStatus([{ entity: 'orders', synced: 4, failed: 0, lastError: 'CRM down' }]);
    expect(status.orders).toMatchObject({
      synced: 4,
      failed: 0,
      lastError: { message: 'CRM down', at: null },
    });
    expect(status.customers).toBeNull();
  });

  it('reads a journal under entries or items, or as a list, skipping entries without an id', () => {
    const entry = {
      id: 7,
      entity: 'customer',
      crmId: 42,
      operation: 'edit',
      mindboxOperation: 'Website.EditCustomer',
      outcome: 'parked',
      error: 'Mindbox answered 503 five times',
      retryable: true,
    };
    const [read] = readJournal({ entries: [entry, { outcome: 'synced' }], nextBeforeId: null });
    expect(read).toEqual({
      id: '7',
      at: null,
      entity: 'customer',
      operation: 'Website.EditCustomer',
      subject: '42',
      status: 'failed',
      error: 'Mindbox answered 503 five times',
      retryable: true,
    });
    expect(readJournal({ items: [{ id: 'a', outcome: 'warning' }] })).toMatchObject([{ status: 'warning' }]);
    // The gateway's `canRetry` (the manager may send it again) wins over `retryable` (waiting could help).
    expect(
      readJournal({ entries: [{ id: 8, outcome: 'rejected', retryable: false, canRetry: true }] }),
    ).toMatchObject([{ status: 'failed', retryable: true }]);
    expect(readJournal([{ id: 'b', status: 'ok' }])).toMatchObject([
      { id: 'b', status: 'ok', retryable: false },
    ]);
    expect(readJournal('nonsense')).toEqual([]);
  });
});
