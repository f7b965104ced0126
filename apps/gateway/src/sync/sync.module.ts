import { Module } from '@nestjs/common';
import { CustomerSyncStatusModule } from '../../../customer-sync/src/status';
import { OrderSyncStatusModule } from '../../../order-processing/src/status';
import { FeedsModule } from '../feeds';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/** `/api/v1/sync/*`: the sync tab's status, journal, retries and full loads. */
@Module({
  imports: [CustomerSyncStatusModule, OrderSyncStatusModule, FeedsModule],
  controllers: [SyncController],
  providers: [SyncService],
})
export class SyncApiModule {}
