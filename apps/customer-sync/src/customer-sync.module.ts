import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { CustomerSyncEnv } from './customer-sync.env';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'customer-sync',
      env: CustomerSyncEnv,
      imports: [MessagingModule.forRoot({ serviceName: 'customer-sync' })],
    }),
  ],
})
export class CustomerSyncModule {}
