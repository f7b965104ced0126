import { newTransactionId, resolveTransactionId } from './transaction-id';

describe('transaction ids', () => {
  it('keeps the stored id', () => {
    expect(resolveTransactionId('order-42-commit')).toEqual({
      transactionId: 'order-42-commit',
      generated: false,
    });
  });

  it.each([undefined, null, '', '   '])('generates a v4 UUID when the stored id is %p', (stored) => {
    const { transactionId, generated } = resolveTransactionId(stored);
    expect(generated).toBe(true);
    expect(transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never repeats itself', () => {
    expect(new Set(Array.from({ length: 1000 }, newTransactionId)).size).toBe(1000);
  });
});
