import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROJECT_SETTINGS } from '../store/project-defaults';
import type { ProjectSettings } from '../store/mindbox.entities';
import { MindboxValidationFailure } from '../store/simulator-errors';
import { readLineStatusUpdate, readOrderOperation, readTransactionRef } from './order-payload';

const FIXTURES =
  process.env.FIXTURES_DIR ?? join(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'mindbox', name), 'utf8'));

const settings: ProjectSettings = {
  ...DEFAULT_PROJECT_SETTINGS,
  endpointId: 'test',
  secretKey: 'key',
  customerIdKeys: ['websiteId', 'externalId'],
  orderIdKeys: [
    'offlineTransactionId',
    'receiptNumber',
    'orderMobileAppId',
    'websiteTransactionId',
    'orderId2',
  ],
  productIdKeys: ['hyperautoWebsite', 'system1c', 'website', 'default'],
};

function messagesOf(action: () => unknown): { message: string; location?: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof MindboxValidationFailure) return error.messages;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('readOrderOperation', () => {
  it('reads the recorded calculate request: decimal strings, line statuses, a zero external discount, a code', () => {
    const input = readOrderOperation(fixture('calculate-request.json'), settings, 'calculate');
    expect(input.lines.map((l) => [l.basePricePerItem, l.quantity, l.status])).toEqual([
      [169900, 4, 'accepted'],
      [569900, 1, 'accepted'],
    ]);
    expect(input.lines[1].discounts).toEqual([{ externalId: 'discountBan', amount: 0 }]);
    expect(input.couponCodes).toEqual(['005ACOFHC8']);
    expect(input.customer).toBeUndefined();
  });

  it('reads the full request: every node, points summed, two order discounts', () => {
    const input = readOrderOperation(fixture('calculate-request-full.json'), settings, 'calculate');
    expect(input.customer?.ids).toEqual({
      mindboxId: '1011787029',
      websiteId: '129501701',
      externalId: 'zmx0cdM7',
    });
    expect(input.orderIds.offlineTransactionId).toBe('1166077578');
    expect(input.pointsRequested).toBe(2135100323 + 1871520525);
    expect(input.orderDiscounts).toHaveLength(2);
    expect(input.couponCodes).toEqual(['330V', 'I1Td0TW3uu2']);
    expect(input.deliveryCost).toBe(1541695495);
  });

  it('lists every problem with its location', () => {
    const messages = messagesOf(() =>
      readOrderOperation(
        {
          customer: { ids: { crmId: 1 } },
          order: { lines: [{ product: { ids: { website: '1' } }, basePricePerItem: 'abc', quantity: 0 }] },
        },
        settings,
        'calculate',
      ),
    );
    expect(messages.map((m) => m.location)).toEqual([
      '/customer/ids/crmId',
      '/order/lines/0/basePricePerItem',
      '/order/lines/0/quantity',
    ]);
  });

  it('refuses an order without lines', () => {
    expect(messagesOf(() => readOrderOperation({ order: { lines: [] } }, settings, 'calculate'))).toEqual([
      expect.objectContaining({ location: '/order/lines' }),
    ]);
    expect(messagesOf(() => readOrderOperation({ order: {} }, settings, 'calculate'))).toEqual([
      expect.objectContaining({ location: '/order/lines' }),
    ]);
  });

  it('needs order ids, line numbers and a transaction to begin', () => {
    const messages = messagesOf(() =>
      readOrderOperation(
        { order: { lines: [{ product: { ids: { website: '1' } }, basePricePerItem: 1, quantity: 1 }] } },
        settings,
        'begin',
      ),
    );
    expect(messages.map((m) => m.location)).toEqual([
      '/order/ids',
      '/order/lines/0/lineNumber',
      '/order/transaction',
    ]);
  });
});

describe('commit, rollback and status requests', () => {
  it('reads a transaction reference with the order ids', () => {
    expect(
      readTransactionRef(
        { order: { ids: { receiptNumber: 5 }, transaction: { ids: { externalId: 't-1' } } } },
        settings,
      ),
    ).toEqual({ externalId: 't-1', orderIds: { receiptNumber: '5' } });
  });

  it('reads the whole-order and the per-line status forms', () => {
    expect(
      readLineStatusUpdate({ orderLinesStatus: 'Paid', order: { ids: { orderId2: 'A' } } }, settings),
    ).toEqual({
      orderIds: { orderId2: 'A' },
      orderLinesStatus: 'Paid',
      changes: [],
    });
    const perLine = readLineStatusUpdate(
      {
        order: {
          ids: { orderId2: 'A' },
          lines: [{ lineNumber: 2, quantity: 1, status: { ids: { externalId: 'Returned' } } }],
        },
      },
      settings,
    );
    expect(perLine.changes).toEqual([
      expect.objectContaining({ lineNumber: 2, quantity: 1, status: 'Returned' }),
    ]);
  });
});
