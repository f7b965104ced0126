import { randomUUID } from 'node:crypto';
import { MessageValidationError } from './message-contract';
import { validateRpcRequest } from '../rpc/rpc.contract';
import { BonusBalance, PromoCodeCheck } from './promo-loyalty.contracts';

describe('order-card requests', () => {
  const accountId = randomUUID();
  const order = { id: 1, items: [{ index: 0, id: 1, offer: { id: 11 }, quantity: 1, initialPrice: 100 }] };

  const errorsOf = (contract: Parameters<typeof validateRpcRequest>[0], request: Record<string, unknown>) => {
    try {
      validateRpcRequest(contract, request);
    } catch (error) {
      if (error instanceof MessageValidationError) return error.errors;
      throw error;
    }
    return null;
  };

  it('takes a well-formed request', () => {
    expect(errorsOf(PromoCodeCheck, { accountId, order, promoCode: 'WELCOME10' })).toBeNull();
  });

  // Found by the fuzzing of the order card: a payload without its order reached promo-loyalty,
  // which failed on it, and the card read 502 instead of 400.
  it('refuses a request without its order, naming the field', () => {
    expect(errorsOf(BonusBalance, { accountId })).toHaveProperty('order');
    expect(errorsOf(PromoCodeCheck, { accountId, promoCode: 'WELCOME10' })).toHaveProperty('order');
  });

  it('refuses an item without its offer', () => {
    const errors = errorsOf(BonusBalance, {
      accountId,
      order: { ...order, items: [{ index: 0, id: 1, quantity: 1 }] },
    });

    expect(Object.keys(errors ?? {}).some((field) => field.includes('offer'))).toBe(true);
  });
});
