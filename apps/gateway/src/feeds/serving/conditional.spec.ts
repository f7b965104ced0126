import { acceptsGzip, notModified } from './conditional';

describe('conditional answers', () => {
  it('gzips only when the client accepts it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  const feed = { etag: 'W/"abc"', lastModified: new Date('2026-11-29T10:00:00Z') };

  it('answers 304 to a matching ETag, weak or strong, or *', () => {
    expect(notModified({ ifNoneMatch: 'W/"abc"' }, feed)).toBe(true);
    expect(notModified({ ifNoneMatch: '"zzz", "abc"' }, feed)).toBe(true);
    expect(notModified({ ifNoneMatch: '*' }, feed)).toBe(true);
    expect(notModified({ ifNoneMatch: '"abd"' }, feed)).toBe(false);
  });

  it('lets If-None-Match decide over If-Modified-Since', () => {
    expect(
      notModified({ ifNoneMatch: '"other"', ifModifiedSince: 'Sun, 29 Nov 2026 11:00:00 GMT' }, feed),
    ).toBe(false);
  });

  it('answers 304 when not modified since the given date', () => {
    expect(notModified({ ifModifiedSince: 'Sun, 29 Nov 2026 10:00:00 GMT' }, feed)).toBe(true);
    expect(notModified({ ifModifiedSince: 'Sun, 29 Nov 2026 09:59:59 GMT' }, feed)).toBe(false);
    expect(notModified({ ifModifiedSince: 'yesterday' }, feed)).toBe(false);
  });
});
