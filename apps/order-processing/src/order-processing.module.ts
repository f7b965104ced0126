import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { OrderProcessingEnv } from './order-processing.env';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'order-processing',
      env: OrderProcessingEnv,
      imports: [MessagingModule.forRoot({ serviceName: 'order-processing' })],
    }),
  ],
})
export class OrderProcessingModule {}
