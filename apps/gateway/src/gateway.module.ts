import { Module } from '@nestjs/common';
import { GatewayEnv } from '@app/common/config/module.env';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'gateway',
      env: GatewayEnv,
      imports: [MessagingModule.forRoot({ serviceName: 'gateway' })],
    }),
  ],
})
export class GatewayModule {}
