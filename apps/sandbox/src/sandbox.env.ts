import { IsIn, IsInt, IsString, Matches, Min } from 'class-validator';
import { BaseEnv } from '@app/common/config/base.env';
import { Sensitive } from '@app/common/config/env.decorators';
import { DEV_MODULE_SECRET, Port } from '@app/common/config/module.env';
import { OPERATION_RATE_LIMIT } from './mindbox/store/project-defaults';

/** Environment of the sandbox (simulated RetailCRM and Mindbox APIs); never run in production. */
export class SandboxEnv extends BaseEnv {
  @Port()
  PORT: number = 3200;

  /** The address the sandbox is reached at; account URLs it hands out start with it. */
  @Matches(/^https?:\/\/[^\s/]+/, { message: 'SANDBOX_PUBLIC_URL must be an http(s) URL' })
  SANDBOX_PUBLIC_URL: string = 'http://127.0.0.1:3200';

  /** The module's gateway, where the simulated marketplace sends register and activity callbacks. */
  @Matches(/^https?:\/\/[^\s/]+/, { message: 'MODULE_URL must be an http(s) URL' })
  MODULE_URL: string = 'http://127.0.0.1:3000';

  /** Must equal the gateway's RETAILCRM_MODULE_SECRET: it signs the register token. */
  @Sensitive()
  @IsString()
  RETAILCRM_MODULE_SECRET: string = DEV_MODULE_SECRET;

  /** `demo` seeds a demo shop and Mindbox project at start; `none` starts empty. */
  @IsIn(['none', 'demo'])
  SANDBOX_SEED: 'none' | 'demo' = 'none';

  /**
   * Requests a minute per operation of each new Mindbox project before it answers 429, as
   * Mindbox does over 8,000; 0 turns the limit off. A project's own setting overrides it.
   */
  @IsInt()
  @Min(0)
  SANDBOX_MINDBOX_RATE_LIMIT: number = OPERATION_RATE_LIMIT.perWindow;
}
