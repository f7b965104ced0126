import { CrmInputError } from '../store/crm.errors';
import { parseQuery, QueryReader } from './crm-query';

describe('parseQuery', () => {
  it('reads bracket lists, indexed lists and nested objects', () => {
    expect(
      parseQuery(
        'filter[ids][]=1&filter[ids][]=2&filter[sites][0]=a&filter[sites][1]=b&filter[customFields][nps][min]=5&limit=100',
      ),
    ).toEqual({
      filter: { ids: ['1', '2'], sites: { 0: 'a', 1: 'b' }, customFields: { nps: { min: '5' } } },
      limit: '100',
    });
  });

  it('reads encoded brackets as a client library sends them', () => {
    expect(parseQuery('filter%5BsinceId%5D=42&page=2')).toEqual({ filter: { sinceId: '42' }, page: '2' });
  });
});

describe('QueryReader', () => {
  it('gives typed filters whatever the list form', () => {
    const filter = new QueryReader(
      parseQuery('filter[ids][]=3&filter[sites][0]=a&filter[email]=x@y.z'),
    ).filter();

    expect(filter.integers('ids')).toEqual([3]);
    expect(filter.list('sites')).toEqual(['a']);
    expect(filter.string('email')).toBe('x@y.z');
  });

  it('reads paging with RetailCRM defaults', () => {
    expect(new QueryReader({}).paging()).toEqual({ limit: 20, page: 1 });
    expect(new QueryReader(parseQuery('limit=100&page=3')).paging()).toEqual({ limit: 100, page: 3 });
  });

  it('refuses a limit RetailCRM does not accept and a bad filter, naming both', () => {
    const reader = new QueryReader(parseQuery('limit=10&filter[sinceId]=x'));
    reader.paging();
    reader.filter().integer('sinceId');

    expect(() => reader.throwIfInvalid()).toThrow(CrmInputError);
    try {
      reader.throwIfInvalid();
    } catch (error) {
      expect((error as CrmInputError).body.errors).toEqual({
        limit: 'The value you selected is not a valid choice.',
        'filter[sinceId]': 'This value is not valid.',
      });
    }
  });

  it('widens a bare end date to the end of the day', () => {
    expect(new QueryReader({ to: '2024-01-31' }).date('to', true)).toBe('2024-01-31 23:59:59');
  });
});
