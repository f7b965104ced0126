import type { Actor } from './crm.types';
import { HistoryLog } from './history-log';

const api = (apiKey: string): Actor => ({ source: 'api', apiKey });
const manager: Actor = { source: 'user', userId: 7 };
const subject = (id: number, site = 'shop') => ({ id, externalId: `ext-${id}`, site });

describe('HistoryLog', () => {
  let sut: HistoryLog;

  beforeEach(() => {
    sut = new HistoryLog('customer');
  });

  it('gives every record the next id, a created one with the full entity', () => {
    sut.created(api('k1'), '2024-01-01 10:00:00', subject(1), { id: 1, firstName: 'Anna' }, 'id', 1);
    sut.changed(api('k1'), '2024-01-01 10:01:00', subject(1), { id: 1, site: 'shop' }, [
      { field: 'first_name', oldValue: 'Anna', newValue: 'Anya' },
      { field: 'email', oldValue: null, newValue: 'a@example.com' },
    ]);

    const { history } = sut.page({ limit: 100, page: 1 }, 'k1');

    expect(history.map((record) => record.id)).toEqual([1, 2, 3]);
    expect(history[0]).toEqual({
      id: 1,
      createdAt: '2024-01-01 10:00:00',
      created: true,
      source: 'api',
      field: 'id',
      apiKey: { current: true },
      oldValue: null,
      newValue: 1,
      customer: { id: 1, firstName: 'Anna' },
    });
    expect(history[1]).toMatchObject({ field: 'first_name', oldValue: 'Anna', newValue: 'Anya' });
  });

  it('marks apiKey.current only for the key that made the change', () => {
    sut.changed(api('module-key'), '2024-01-01 10:00:00', subject(1), { id: 1 }, [
      { field: 'email', oldValue: null, newValue: 'x@example.com' },
    ]);

    expect(sut.page({ limit: 20, page: 1 }, 'module-key').history[0].apiKey).toEqual({ current: true });
    expect(sut.page({ limit: 20, page: 1 }, 'other-key').history[0].apiKey).toEqual({ current: false });
  });

  it('writes manager changes with source user and the user, without apiKey', () => {
    sut.deleted(manager, '2024-01-02 00:00:00', subject(5), { id: 5, firstName: 'Gone' });

    const [record] = sut.page({ limit: 20, page: 1 }, 'k1').history;

    expect(record).toEqual({
      id: 1,
      createdAt: '2024-01-02 00:00:00',
      deleted: true,
      source: 'user',
      user: { id: 7 },
      field: 'id',
      oldValue: 5,
      newValue: null,
      customer: { id: 5, firstName: 'Gone' },
    });
  });

  it('pages after sinceId and counts only what is left', () => {
    for (let id = 1; id <= 250; id++)
      sut.created(manager, '2024-01-01 00:00:00', subject(id), { id }, 'id', id);

    const first = sut.page({ sinceId: 0, limit: 100, page: 1 }, 'k');
    const next = sut.page({ sinceId: 100, limit: 100, page: 1 }, 'k');
    const last = sut.page({ sinceId: 200, limit: 100, page: 1 }, 'k');

    expect(first.pagination).toEqual({ limit: 100, totalCount: 250, currentPage: 1, totalPageCount: 3 });
    expect(next.history[0].id).toBe(101);
    expect(next.pagination.totalCount).toBe(150);
    expect(last.history.map((record) => record.id)).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
  });

  it('filters by entity, shop and dates', () => {
    sut.created(manager, '2024-01-01 00:00:00', subject(1, 'a'), { id: 1 }, 'id', 1);
    sut.created(manager, '2024-01-05 00:00:00', subject(2, 'b'), { id: 2 }, 'id', 2);
    sut.created(manager, '2024-01-09 00:00:00', subject(3, 'a'), { id: 3 }, 'id', 3);
    const ids = (query: object) =>
      sut.page({ limit: 20, page: 1, ...query }, 'k').history.map((record) => record.newValue);

    expect(ids({ entityId: 2 })).toEqual([2]);
    expect(ids({ entityExternalId: 'ext-3' })).toEqual([3]);
    expect(ids({ sites: ['a'] })).toEqual([1, 3]);
    expect(ids({ startDate: '2024-01-04 00:00:00', endDate: '2024-01-06 23:59:59' })).toEqual([2]);
  });
});
