import 'reflect-metadata';
import { bootstrapService } from '@app/common/bootstrap/bootstrap';
import { connectMessaging } from '@app/messaging';
import { OrderProcessingModule } from './order-processing.module';

void bootstrapService({
  name: 'order-processing',
  module: OrderProcessingModule,
  port: (config) => config.getOrThrow<number>('HEALTH_PORT'),
  beforeListen: connectMessaging,
});
