import { AccountWorkerEnv } from '@app/common/config/module.env';

/** Environment of customer-sync; see the configuration table in README.md. */
export class CustomerSyncEnv extends AccountWorkerEnv {
  override HEALTH_PORT = 3101;
}
