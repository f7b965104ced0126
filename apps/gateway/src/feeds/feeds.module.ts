import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RetailCrmModule } from '@app/retailcrm';
import { FeedBuilder } from './building/feed-builder.service';
import { FeedRenderer } from './building/feed-renderer.service';
import { FeedScheduler } from './building/feed-scheduler.service';
import { CatalogueReader } from './catalogue/catalogue-reader.service';
import { FeedsConfig } from './feeds.config';
import { FeedsMetrics } from './feeds.metrics';
import { FeedSettingsController, FeedsController } from './feeds.controller';
import { FeedTokenService } from './feed-token.service';
import { FeedServer } from './serving/feed-server.service';
import { hideFeedTokensFromLogs } from './serving/token-in-logs';
import { FeedStatusReader } from './status/feed-status.reader';
import { FeedRepository } from './storage/feed.repository';

/**
 * The product feed for Mindbox: `GET /feeds/{feedToken}/products.yml`, its address in the
 * Products tab, and the background builder (see README.md).
 */
@Module({
  imports: [RetailCrmModule],
  controllers: [FeedsController, FeedSettingsController],
  providers: [
    { provide: FeedsConfig, useFactory: () => new FeedsConfig() },
    FeedsMetrics,
    FeedRepository,
    CatalogueReader,
    FeedRenderer,
    FeedBuilder,
    FeedScheduler,
    FeedServer,
    FeedTokenService,
    FeedStatusReader,
  ],
  exports: [FeedStatusReader, FeedTokenService],
})
export class FeedsModule implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // Before the server listens: requests come only after this.
    const server = this.adapterHost.httpAdapter?.getHttpServer();
    if (server) hideFeedTokensFromLogs(server);
  }
}
