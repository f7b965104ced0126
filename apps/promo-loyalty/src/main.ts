import 'reflect-metadata';
import { bootstrapService } from '@app/common/bootstrap/bootstrap';
import { connectMessaging } from '@app/messaging';
import { PromoLoyaltyModule } from './promo-loyalty.module';

void bootstrapService({
  name: 'promo-loyalty',
  module: PromoLoyaltyModule,
  port: (config) => config.getOrThrow<number>('HEALTH_PORT'),
  beforeListen: connectMessaging,
});
