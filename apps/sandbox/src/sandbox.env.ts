import { BaseEnv } from '@app/common/config/base.env';
import { Port } from '@app/common/config/module.env';

/** Environment of the sandbox (simulated RetailCRM and Mindbox APIs); never run in production. */
export class SandboxEnv extends BaseEnv {
  @Port()
  PORT: number = 3200;
}
