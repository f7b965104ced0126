import { distribute, fromCents, toCents } from './money';

describe('money', () => {
  it('converts decimals to kopecks and back without drift', () => {
    expect(toCents(1699.0)).toBe(169900);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(fromCents(1199500)).toBe(11995);
  });

  describe('distribute', () => {
    it('splits in proportion to capacities and always sums to the total', () => {
      const shares = distribute(50000, [679600, 569900]);
      expect(shares[0] + shares[1]).toBe(50000);
      expect(shares[0]).toBeGreaterThan(shares[1]);
    });

    it('gives the leftover kopecks to the largest remainders, earlier slot on ties', () => {
      expect(distribute(100, [1, 1, 1])).toEqual([1, 1, 1]);
      expect(distribute(2, [100, 100, 100])).toEqual([1, 1, 0]);
    });

    it('never gives a slot more than its capacity and cuts a total above them', () => {
      expect(distribute(1000, [100, 0, 50])).toEqual([100, 0, 50]);
    });

    it('gives nothing when there is nothing to give or no room', () => {
      expect(distribute(0, [10, 20])).toEqual([0, 0]);
      expect(distribute(10, [0, 0])).toEqual([0, 0]);
    });
  });
});
