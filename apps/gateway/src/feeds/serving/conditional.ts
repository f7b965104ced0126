/** Whether `Accept-Encoding` lets the answer be gzipped (`gzip` or `*`, with a weight above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)).find((match) => match);
    weights.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const gzip = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*');
  return gzip !== undefined && gzip > 0;
}

/**
 * Whether a conditional GET can be answered 304: `If-None-Match` (weak comparison, `*`) decides
 * when present; otherwise `If-Modified-Since` against the feed's Last-Modified (whole seconds).
 */
export function notModified(
  headers: { ifNoneMatch?: string; ifModifiedSince?: string },
  feed: { etag: string; lastModified: Date },
): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    const wanted = opaque(feed.etag);
    return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    return Number.isFinite(since) && Math.floor(feed.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}
