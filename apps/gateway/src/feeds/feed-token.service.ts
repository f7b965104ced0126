import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AccountEntity } from '@app/settings';
import { GatewayConfig } from '../gateway.config';
import { FeedStatus, FeedStatusReader } from './status/feed-status.reader';
import { FeedRepository } from './storage/feed.repository';

/** The account's feed address: shown in the Products tab, replaced on request. */
@Injectable()
export class FeedTokenService {
  constructor(
    private readonly feeds: FeedRepository,
    private readonly status: FeedStatusReader,
    private readonly config: GatewayConfig,
  ) {}

  feedUrl(feedToken: string): string {
    return this.config.feedUrl(feedToken);
  }

  /** The feed URL and state, for the Products tab. */
  async view(account: AccountEntity): Promise<{ feedUrl: string; status: FeedStatus }> {
    return { feedUrl: this.feedUrl(account.feedToken), status: await this.status.status(account.id) };
  }

  /** A new secret in the feed URL; the old URL answers 404 at once. The feed itself is kept. */
  async regenerate(account: AccountEntity): Promise<{ feedUrl: string }> {
    const feedToken = randomBytes(24).toString('hex');
    await this.feeds.setFeedToken(account.id, feedToken);
    return { feedUrl: this.feedUrl(feedToken) };
  }
}
