import { Module } from '@nestjs/common';
import { CustomerSyncStatusReader } from './customer-sync-status.reader';

/** The reader of customer-sync's status and journal, for the gateway; needs the app's TypeORM connection. */
@Module({
  providers: [CustomerSyncStatusReader],
  exports: [CustomerSyncStatusReader],
})
export class CustomerSyncStatusModule {}
