import { stepTransactionId, uuidV5 } from './transaction-ids';

describe('transaction ids', () => {
  it('are version 5 UUIDs, the same for the same message, step and customer', () => {
    const id = stepTransactionId('0b3c5e58-6c0f-4f57-8d1e-0a1b2c3d4e5f', 'import', 42);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stepTransactionId('0b3c5e58-6c0f-4f57-8d1e-0a1b2c3d4e5f', 'import', 42)).toBe(id);
  });

  it('differ between steps, customers and messages', () => {
    const ids = new Set([
      stepTransactionId('m1', 'import', 1),
      stepTransactionId('m1', 'edit', 1),
      stepTransactionId('m1', 'import', 2),
      stepTransactionId('m2', 'import', 1),
    ]);
    expect(ids.size).toBe(4);
    expect(uuidV5('a')).not.toBe(uuidV5('b'));
  });
});
