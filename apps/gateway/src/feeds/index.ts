export { FeedsModule } from './feeds.module';
export { FeedStatusReader } from './status/feed-status.reader';
export type { FeedStatus } from './status/feed-status.reader';
export { FeedTokenService } from './feed-token.service';
