import { toQueryString } from './query-string';

describe('toQueryString', () => {
  it('writes filters in the bracket form RetailCRM reads', () => {
    const query = toQueryString({
      filter: {
        ids: [1, 2],
        customFields: { nps: { min: 5 } },
        active: true,
        deleted: false,
        sinceId: undefined,
        email: null,
      },
      limit: 100,
    });

    expect(decodeURIComponent(query).split('&')).toEqual([
      'filter[ids][]=1',
      'filter[ids][]=2',
      'filter[customFields][nps][min]=5',
      'filter[active]=1',
      'filter[deleted]=0',
      'limit=100',
    ]);
  });

  it('indexes lists of objects', () => {
    expect(decodeURIComponent(toQueryString({ sort: [{ field: 'id' }] }))).toBe('sort[0][field]=id');
  });

  it('escapes values', () => {
    expect(toQueryString({ filter: { name: 'a&b=c' } })).toBe('filter%5Bname%5D=a%26b%3Dc');
  });
});
