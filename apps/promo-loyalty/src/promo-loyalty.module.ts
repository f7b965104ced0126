import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { SettingsModule } from '@app/settings';
import { OrderCardModule } from './order-card/order-card.module';
import { PromoLoyaltyEnv } from './promo-loyalty.env';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'promo-loyalty',
      env: PromoLoyaltyEnv,
      imports: [MessagingModule.forRoot({ serviceName: 'promo-loyalty' }), SettingsModule, OrderCardModule],
    }),
  ],
})
export class PromoLoyaltyModule {}
