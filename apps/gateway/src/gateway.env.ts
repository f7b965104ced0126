import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { FeedsEnv } from './feeds/feeds.env';

/**
 * The gateway's environment, its one env class: what every gateway reads (`GatewayEnv`), the
 * product feed's variables ({@link FeedsEnv}) and the limits of its public endpoints.
 */
export class GatewayAppEnv extends FeedsEnv {
  /**
   * Requests one client IP may make within THROTTLE_TTL_MS to the public endpoints (module
   * callbacks, the manual connection, hooks), per account for hooks and callbacks; more are
   * answered 429.
   */
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT: number = 300;

  @IsInt()
  @Min(1000)
  THROTTLE_TTL_MS: number = 60_000;

  /**
   * Proxies in front of the gateway whose `X-Forwarded-For` is believed (Express `trust proxy`
   * hops). 0 takes the socket address as the client IP; behind one ingress, set 1.
   */
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS: number = 0;

  /**
   * Folder of the built settings page (`index.html` + `assets/`); by default `apps/gateway/ui/dist`,
   * found next to the sources or under the working directory.
   */
  @IsOptional()
  @IsString()
  SETTINGS_UI_DIR?: string;
}
