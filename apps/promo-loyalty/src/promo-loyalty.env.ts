import { AccountWorkerEnv } from '@app/common/config/module.env';

/** Environment of promo-loyalty; see the configuration table in README.md. */
export class PromoLoyaltyEnv extends AccountWorkerEnv {
  override HEALTH_PORT = 3103;
}
