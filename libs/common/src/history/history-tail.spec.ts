import { findHistoryTail, HistoryProbe } from './history-tail';

/** A history with the given ids, probed as RetailCRM answers `filter[sinceId]` with 100 a page. */
function historyOf(ids: number[]): { probe: HistoryProbe; calls: number[] } {
  const calls: number[] = [];
  const probe: HistoryProbe = async (sinceId) => {
    calls.push(sinceId);
    const page = ids.filter((id) => id > sinceId).slice(0, 100);
    return page.length === 0 ? undefined : { count: page.length, lastId: page[page.length - 1] };
  };
  return { probe, calls };
}

const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('findHistoryTail', () => {
  it('answers 0 for an empty history with one request', async () => {
    const { probe, calls } = historyOf([]);
    expect(await findHistoryTail(probe)).toBe(0);
    expect(calls).toEqual([0]);
  });

  it('takes the last id of a first page that is not full', async () => {
    const { probe, calls } = historyOf(range(1, 42));
    expect(await findHistoryTail(probe)).toBe(42);
    expect(calls).toHaveLength(1);
  });

  it.each([100, 101, 199, 200, 12_345, 1_000_000])(
    'finds the end of %i dense records in few requests',
    async (n) => {
      const { probe, calls } = historyOf(range(1, n));
      expect(await findHistoryTail(probe)).toBe(n);
      expect(calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 2);
    },
  );

  it('finds the end of sparse ids that start far from 1', async () => {
    const ids = range(5_000_000, 5_300_000, 7);
    const { probe } = historyOf(ids);
    expect(await findHistoryTail(probe)).toBe(ids[ids.length - 1]);
  });
});
