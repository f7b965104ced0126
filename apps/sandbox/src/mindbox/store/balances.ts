import type { Balance } from './mindbox.entities';
import type { Cents } from './money';

/**
 * Moves of points between a customer's available, blocked and spent amounts. Each returns a new
 * balance; a move that would make any amount negative throws, since callers check what the
 * customer has before they move anything.
 */
export class BalanceInvariantError extends Error {
  override readonly name = 'BalanceInvariantError';
}

export const emptyBalance = (available: Cents = 0): Balance => ({ available, blocked: 0, spent: 0 });

/** What the customer holds: available plus blocked (spent points are gone). */
export const balanceTotal = (balance: Balance): Cents => balance.available + balance.blocked;

function checked(balance: Balance, move: string): Balance {
  if (balance.available < 0 || balance.blocked < 0 || balance.spent < 0) {
    throw new BalanceInvariantError(`${move} would make the balance negative: ${JSON.stringify(balance)}`);
  }
  return balance;
}

/** Begin: available -> blocked. */
export function reservePoints(balance: Balance, amount: Cents): Balance {
  return checked(
    { ...balance, available: balance.available - amount, blocked: balance.blocked + amount },
    'reserve',
  );
}

/** Rollback: blocked -> available. */
export function releasePoints(balance: Balance, amount: Cents): Balance {
  return checked(
    { ...balance, available: balance.available + amount, blocked: balance.blocked - amount },
    'release',
  );
}

/** Commit: blocked -> spent. */
export function spendReservedPoints(balance: Balance, amount: Cents): Balance {
  return checked({ ...balance, blocked: balance.blocked - amount, spent: balance.spent + amount }, 'spend');
}

/** Cancellation, return, or an edit that spends less: spent -> available. */
export function refundPoints(balance: Balance, amount: Cents): Balance {
  return checked(
    { ...balance, available: balance.available + amount, spent: balance.spent - amount },
    'refund',
  );
}
