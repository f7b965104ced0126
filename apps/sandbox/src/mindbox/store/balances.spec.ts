import {
  balanceTotal,
  BalanceInvariantError,
  emptyBalance,
  refundPoints,
  releasePoints,
  reservePoints,
  spendReservedPoints,
} from './balances';

describe('balances', () => {
  const start = emptyBalance(100000);

  it('begin reserves: available -> blocked, the total unchanged', () => {
    const reserved = reservePoints(start, 30000);
    expect(reserved).toEqual({ available: 70000, blocked: 30000, spent: 0 });
    expect(balanceTotal(reserved)).toBe(100000);
  });

  it('commit spends what was reserved: blocked -> spent, the total drops', () => {
    const spent = spendReservedPoints(reservePoints(start, 30000), 30000);
    expect(spent).toEqual({ available: 70000, blocked: 0, spent: 30000 });
    expect(balanceTotal(spent)).toBe(70000);
  });

  it('rollback releases what was reserved: blocked -> available', () => {
    expect(releasePoints(reservePoints(start, 30000), 30000)).toEqual(start);
  });

  it('a cancellation refunds spent points: spent -> available', () => {
    const spent = spendReservedPoints(reservePoints(start, 30000), 30000);
    expect(refundPoints(spent, 10000)).toEqual({ available: 80000, blocked: 0, spent: 20000 });
  });

  it('refuses any move that would make an amount negative', () => {
    expect(() => reservePoints(start, 100001)).toThrow(BalanceInvariantError);
    expect(() => releasePoints(start, 1)).toThrow(BalanceInvariantError);
    expect(() => spendReservedPoints(start, 1)).toThrow(BalanceInvariantError);
    expect(() => refundPoints(start, 1)).toThrow(BalanceInvariantError);
  });
});
