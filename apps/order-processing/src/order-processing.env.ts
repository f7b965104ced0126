import { AccountWorkerEnv } from '@app/common/config/module.env';

/** Environment of order-processing; see the configuration table in README.md. */
export class OrderProcessingEnv extends AccountWorkerEnv {
  override HEALTH_PORT = 3102;
}
