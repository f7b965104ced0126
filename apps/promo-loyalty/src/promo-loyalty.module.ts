import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { PromoLoyaltyEnv } from './promo-loyalty.env';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'promo-loyalty',
      env: PromoLoyaltyEnv,
      imports: [MessagingModule.forRoot({ serviceName: 'promo-loyalty' })],
    }),
  ],
})
export class PromoLoyaltyModule {}
