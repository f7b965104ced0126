import type { OrderLine } from '../store/mindbox.entities';
import { splitLines } from './order-json';

const line = (lineNumber: number, quantity: number, discountedPriceOfLine: number): OrderLine => ({
  lineNumber,
  lineId: `L${lineNumber}`,
  productIds: { sku: `P${lineNumber}` },
  quantity,
  basePricePerItem: 1000,
  discountedPriceOfLine,
  spentPoints: 0,
  applied: [{ kind: 'external', externalId: 'x', amount: quantity * 1000 - discountedPriceOfLine }],
});

describe('splitLines', () => {
  it('splits lines of two or more units in two lines with the same lineId, sums kept', () => {
    const split = splitLines([line(1, 3, 2701), line(2, 1, 900)]);
    expect(split.map((l) => [l.lineId, l.lineNumber, l.quantity, l.discountedPriceOfLine])).toEqual([
      ['L1', 1, 2, 1801],
      ['L1', 3, 1, 900],
      ['L2', 2, 1, 900],
    ]);
    expect(split[0].applied[0].amount + split[1].applied[0].amount).toBe(299);
  });
});
