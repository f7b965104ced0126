import { ListCursor, START, stepThroughPage } from './list-cursor';

const LIMIT = 3;

/** A customer list ordered by id, paged as RetailCRM pages it. */
class CustomerList {
  constructor(public ids: number[]) {}

  page(n: number) {
    const customers = this.ids.slice((n - 1) * LIMIT, n * LIMIT).map((id) => ({ id }));
    return { customers, totalCount: this.ids.length, totalPageCount: Math.ceil(this.ids.length / LIMIT) };
  }
}

/** Runs a whole listing, calling `between` before each page read; returns the ids taken. */
function listAll(list: CustomerList, between: (page: number) => void = () => undefined): number[] {
  const taken: number[] = [];
  let cursor: ListCursor = START;
  for (let guard = 0; guard < 100; guard++) {
    between(cursor.nextPage);
    const step = stepThroughPage(cursor, list.page(cursor.nextPage), LIMIT);
    taken.push(...step.take.map((c) => c.id));
    cursor = step.next;
    if (step.finished) return taken;
  }
  throw new Error('the listing did not end');
}

describe('stepThroughPage', () => {
  it('takes every customer once from a list that stays still', () => {
    expect(listAll(new CustomerList([1, 2, 3, 4, 5, 6, 7]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(listAll(new CustomerList([]))).toEqual([]);
  });

  it('misses nobody when customers already read disappear (pages shift back)', () => {
    const list = new CustomerList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const taken = listAll(list, (page) => {
      if (page === 3) list.ids = list.ids.filter((id) => id !== 1 && id !== 2);
    });
    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('takes nobody twice when customers are added (new ids come last)', () => {
    const list = new CustomerList([1, 2, 3, 4, 5, 6]);
    const taken = listAll(list, (page) => {
      if (page === 2) list.ids.push(7, 8);
    });
    expect(taken).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('works the same for a list ordered newest first', () => {
    const list = new CustomerList([10, 9, 8, 7, 6, 5, 4]);
    const taken = listAll(list, (page) => {
      // New customers arrive in front and push everything one page on.
      if (page === 2) list.ids.unshift(12, 11, 13);
    });
    expect(taken).toEqual([10, 9, 8, 7, 6, 5, 4]);
  });

  it('throws a page away when the total shrinks and steps back', () => {
    const cursor: ListCursor = { nextPage: 4, lastId: 9, seenTotal: 12, descending: false };
    const step = stepThroughPage(
      cursor,
      { customers: [{ id: 13 }], totalCount: 8, totalPageCount: 3 },
      LIMIT,
    );
    expect(step).toEqual({
      take: [],
      next: { nextPage: 2, lastId: 9, seenTotal: 8, descending: false },
      finished: false,
      reread: true,
    });
  });
});
