import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { EnvBoolean } from '@app/common/config/env.decorators';
import { GatewayEnv } from '@app/common/config/module.env';

/**
 * {@link GatewayEnv} plus the product feed's variables. The gateway's one env class
 * (`GatewayAppEnv`) extends it, so a bad feed variable stops the boot in the same line as any
 * other wrong variable.
 */
export class FeedsEnv extends GatewayEnv {
  /** Whether this gateway builds feeds (every replica serves them either way). */
  @EnvBoolean()
  @IsBoolean()
  FEED_BUILDER_ENABLED: boolean = true;

  /** How often the builder looks for due work. */
  @IsInt()
  @Min(50)
  @Max(600_000)
  FEED_TICK_MS: number = 5_000;

  /**
   * How often an account's catalogue is checked for changes (changed products, all stock). At
   * least a second: the change cursor relies on a second passing between two passes.
   */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  FEED_REFRESH_MS: number = 900_000;

  /** How often the catalogue is read in full (which is what notices deleted products). */
  @IsInt()
  @Min(60_000)
  @Max(604_800_000)
  FEED_FULL_READ_MS: number = 86_400_000;

  /** Builder lease per account; a dead replica's accounts move after it. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  FEED_LEASE_MS: number = 60_000;

  /** Least time between two of the feed's CRM requests: leaves the rest of the key's budget to the syncs. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  FEED_CRM_REQUEST_GAP_MS: number = 250;

  /** Accounts built at the same time by one replica. */
  @IsInt()
  @Min(1)
  @Max(16)
  FEED_CONCURRENT_BUILDS: number = 2;

  /** How long a replaced feed stays readable for downloads that started on it. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  FEED_KEEP_REPLACED_MS: number = 600_000;
}
