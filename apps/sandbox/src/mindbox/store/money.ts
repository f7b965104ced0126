/**
 * Money and points are kept in kopecks (integers) inside the simulator, so that sums and
 * proportional splits never drift; they become decimals only in JSON answers.
 */
export type Cents = number;

export const toCents = (value: number): Cents => Math.round(value * 100);

export const fromCents = (cents: Cents): number => cents / 100;

export const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/**
 * Splits `total` over slots in proportion to their capacities, never giving a slot more than its
 * capacity (largest remainder, ties to the earlier slot). A total above the capacities is cut to them.
 */
export function distribute(total: Cents, capacities: readonly Cents[]): Cents[] {
  const room = sum(capacities.map((c) => Math.max(0, c)));
  if (total <= 0 || room <= 0) return capacities.map(() => 0);
  const amount = Math.min(total, room);
  const exact = capacities.map((c) => (amount * Math.max(0, c)) / room);
  const shares = exact.map(Math.floor);
  let left = amount - sum(shares);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - shares[index] }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    if (shares[index] < capacities[index]) {
      shares[index] += 1;
      left -= 1;
    }
  }
  return shares;
}
