import { changeLineStatuses, lineKind } from './line-statuses';
import type { LineStatusSettings, OrderLine } from './mindbox.entities';
import { MindboxValidationFailure } from './simulator-errors';

const settings: LineStatusSettings = { cancelled: ['Cancelled'], returned: ['Returned'] };
const orderLine = (lineNumber: number, over: Partial<OrderLine> = {}): OrderLine => ({
  lineNumber,
  lineId: `L${lineNumber}`,
  productIds: { sku: `P${lineNumber}` },
  quantity: 4,
  basePricePerItem: 10000,
  status: 'Paid',
  discountedPriceOfLine: 36000,
  spentPoints: 2000,
  applied: [{ kind: 'points', amount: 2000 }],
  ...over,
});

describe('changeLineStatuses', () => {
  it('tells active lines from cancelled and returned ones', () => {
    expect(['Paid', 'Cancelled', 'Returned', undefined].map((s) => lineKind(s, settings))).toEqual([
      'active',
      'cancelled',
      'returned',
      'active',
    ]);
  });

  it('frees the points of a cancelled line and leaves the others', () => {
    const result = changeLineStatuses(
      [orderLine(1), orderLine(2)],
      [{ lineNumber: 2, status: 'Cancelled' }],
      settings,
    );
    expect(result.freedPoints).toBe(2000);
    expect(result.lines.map((l) => [l.status, l.spentPoints])).toEqual([
      ['Paid', 2000],
      ['Cancelled', 0],
    ]);
  });

  it('splits a line on a partial return; the returned part takes the next line number and its share of points', () => {
    const result = changeLineStatuses(
      [orderLine(1)],
      [{ lineId: 'L1', quantity: 1, status: 'Returned' }],
      settings,
    );
    expect(result.freedPoints).toBe(500);
    expect(result.lines).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        quantity: 3,
        discountedPriceOfLine: 27000,
        spentPoints: 1500,
      }),
      expect.objectContaining({
        lineNumber: 2,
        lineId: 'L1',
        quantity: 1,
        status: 'Returned',
        spentPoints: 0,
      }),
    ]);
  });

  it('does not spend points again when a cancelled line comes back', () => {
    const cancelled = changeLineStatuses([orderLine(1)], [{ lineNumber: 1, status: 'Cancelled' }], settings);
    const back = changeLineStatuses(cancelled.lines, [{ lineNumber: 1, status: 'Paid' }], settings);
    expect(back.freedPoints).toBe(0);
    expect(back.lines[0]).toMatchObject({ status: 'Paid', spentPoints: 0 });
  });

  it('finds a line by product ids too, and refuses unknown lines and quantities above the line', () => {
    expect(
      changeLineStatuses([orderLine(1)], [{ productIds: { sku: 'P1' }, status: 'Delivered' }], settings)
        .lines[0].status,
    ).toBe('Delivered');
    expect(() =>
      changeLineStatuses([orderLine(1)], [{ lineNumber: 7, status: 'Cancelled' }], settings),
    ).toThrow(MindboxValidationFailure);
    expect(() =>
      changeLineStatuses([orderLine(1)], [{ lineNumber: 1, quantity: 5, status: 'Cancelled' }], settings),
    ).toThrow(MindboxValidationFailure);
  });

  it('leaves the lines it was given untouched', () => {
    const lines = [orderLine(1)];
    changeLineStatuses(lines, [{ lineNumber: 1, status: 'Cancelled' }], settings);
    expect(lines[0].status).toBe('Paid');
  });
});
