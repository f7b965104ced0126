import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health';
import { DATABASE_INDICATOR } from './health.constants';
import { HealthController } from './health.controller';
import { HealthModuleOptions } from './health.interfaces';
import { TerminationSignal } from './termination-signal';

/**
 * `GET /health/live` and `GET /health/ready` (terminus). Readiness pings Postgres when
 * `database` is set, reports `BROKER_STATE` when some module provides it, and answers 503
 * (`shutting_down`) from the moment shutdown hooks run, keeping the server up for
 * `shutdownDelayMs` so Kubernetes stops sending traffic first.
 *
 * Needs `app.enableShutdownHooks()`. Readiness turns red the moment SIGTERM or SIGINT arrives
 * ({@link TerminationSignal}), even while `onModuleDestroy` hooks still drain work; terminus
 * then holds the server up for the delay in its `beforeApplicationShutdown`.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [
        TerminusModule.forRootAsync({
          inject: [{ token: ConfigService, optional: true }],
          useFactory: (config?: ConfigService) => ({
            errorLogStyle: 'json',
            gracefulShutdownTimeoutMs:
              options.shutdownDelayMs ?? Number(config?.get('SHUTDOWN_DELAY_MS') ?? 0),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        ...(options.database ? [{ provide: DATABASE_INDICATOR, useExisting: TypeOrmHealthIndicator }] : []),
        BrokerHealthIndicator,
        TerminationSignal,
      ],
    };
  }
}
