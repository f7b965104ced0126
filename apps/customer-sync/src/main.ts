import 'reflect-metadata';
import { bootstrapService } from '@app/common/bootstrap/bootstrap';
import { connectMessaging } from '@app/messaging';
import { CustomerSyncModule } from './customer-sync.module';

void bootstrapService({
  name: 'customer-sync',
  module: CustomerSyncModule,
  port: (config) => config.getOrThrow<number>('HEALTH_PORT'),
  beforeListen: connectMessaging,
});
