import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsServiceUrl } from './env.decorators';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox';
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Environment shared by every service. Apps extend it (or {@link WorkerEnv}) with their own
 * variables and pass the subclass to {@link validateEnv}. Property initialisers are the defaults.
 */
export class BaseEnv {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Postgres connection URL; its password is masked wherever it is printed. */
  @IsServiceUrl(['postgres:', 'postgresql:'])
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  /** RabbitMQ connection URL; its password is masked wherever it is printed. */
  @IsServiceUrl(['amqp:', 'amqps:'])
  AMQP_URL: string = DEFAULT_AMQP_URL;

  /**
   * How long readiness answers 503 before the service stops taking requests after SIGTERM
   * (terminus `gracefulShutdownTimeoutMs`). Set it to about one readiness period in Kubernetes.
   */
  @IsInt()
  @Min(0)
  SHUTDOWN_DELAY_MS: number = 0;
}

/**
 * Environment of a worker service, which serves only health and metrics over HTTP. Each app sets
 * its default port by subclassing: `class Env extends WorkerEnv { override HEALTH_PORT = 3101; }`.
 */
export class WorkerEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  HEALTH_PORT: number;
}
