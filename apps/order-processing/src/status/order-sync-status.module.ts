import { Module } from '@nestjs/common';
import { OrderSyncStatusReader } from './order-sync-status.reader';

/** The reader of order-processing's status and journal, for the gateway; needs the app's TypeORM connection. */
@Module({
  providers: [OrderSyncStatusReader],
  exports: [OrderSyncStatusReader],
})
export class OrderSyncStatusModule {}
