import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { assignToRequestLog } from '@app/common/logging/log-context';
import { FeedRepository } from '../storage/feed.repository';
import { acceptsGzip, notModified } from './conditional';

/** A request for a feed, as far as the answer depends on it. */
export interface FeedRequest {
  feedToken: string;
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** HEAD: headers only. */
  headOnly: boolean;
}

/** The answer: status, headers, and the body as a stream (none for 304 and HEAD). */
export interface FeedAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body?: Readable;
}

const TOKEN = /^[0-9a-f]{16,128}$/i;

/**
 * Serves the last good feed of the account a feed token names, from Postgres, so any replica
 * can: gzipped as stored when the client accepts gzip, unzipped on the fly otherwise, one stored
 * chunk in memory at a time; `ETag`/`Last-Modified` make an unchanged feed a 304.
 */
@Injectable()
export class FeedServer {
  constructor(private readonly feeds: FeedRepository) {}

  async answer(request: FeedRequest): Promise<FeedAnswer> {
    const account = TOKEN.test(request.feedToken)
      ? await this.feeds.findAccountByFeedToken(request.feedToken)
      : null;
    if (!account) throw new NotFoundException({ message: 'No feed at this address' });
    assignToRequestLog({ accountId: account.id });
    const feed = await this.feeds.find(account.id);
    if (!feed || feed.generation === 0 || !feed.etag || !feed.lastModified) {
      throw new ServiceUnavailableException({
        message: 'The feed is being built; try again in a few minutes',
      });
    }
    const common = {
      etag: feed.etag,
      'last-modified': feed.lastModified.toUTCString(),
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
    };
    if (notModified(request, { etag: feed.etag, lastModified: feed.lastModified })) {
      return { status: 304, headers: common };
    }
    const gzip = acceptsGzip(request.acceptEncoding);
    const headers: Record<string, string> = {
      ...common,
      'content-type': 'application/xml; charset=utf-8',
      ...(gzip ? { 'content-encoding': 'gzip', 'content-length': String(feed.sizeGzip) } : {}),
      ...(!gzip && feed.sizeXml !== null ? { 'content-length': String(feed.sizeXml) } : {}),
    };
    if (request.headOnly) return { status: 200, headers };
    const stored = Readable.from(this.chunks(account.id, feed.generation));
    if (gzip) return { status: 200, headers, body: stored };
    const plain = createGunzip();
    stored.on('error', (error) => plain.destroy(error));
    return { status: 200, headers, body: stored.pipe(plain) };
  }

  private async *chunks(accountId: string, generation: number): AsyncGenerator<Buffer> {
    const count = await this.feeds.chunkCount(accountId, generation);
    for (let seq = 1; seq <= count; seq += 1) {
      const data = await this.feeds.readChunk(accountId, generation, seq);
      // Replaced and removed while this download was slow: cut it short rather than send a
      // feed that ends elsewhere; the client retries and gets the current one.
      if (!data) throw new Error(`feed generation ${generation} was removed during the download`);
      yield data;
    }
  }
}
