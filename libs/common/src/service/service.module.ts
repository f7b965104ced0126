import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnv } from '../config/validate-env';
import type { DatabaseModule } from '../database/database.module';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';

/** Options of {@link ServiceModule.forRoot}. */
export interface ServiceModuleOptions {
  /** Service name: the `service` field of log lines and label of metrics. */
  name: string;
  /** The app's env class, validated at boot. */
  env: new () => object;
  /** Whether the service uses Postgres (connection + readiness check). Default true. */
  database?: boolean;
  /** The app's own modules. */
  imports?: ModuleMetadata['imports'];
}

/**
 * The database module, loaded only by services that use it: it brings TypeORM, whose loading
 * alone takes 0.2 s of a start on a quiet machine, more on a busy one (the sandbox has no database).
 */
function databaseModule(): typeof DatabaseModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../database/database.module') as typeof import('../database/database.module'))
    .DatabaseModule;
}

/**
 * What every service has: validated config, JSON logs, metrics, health and (unless switched off)
 * the database connection.
 */
@Module({})
export class ServiceModule {
  static forRoot(options: ServiceModuleOptions): DynamicModule {
    const database = options.database ?? true;
    return {
      module: ServiceModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          validate: validateEnv(options.env),
        }),
        LoggingModule.forRoot(options.name),
        MetricsModule.forRoot(options.name),
        ...(database ? [databaseModule().forRoot()] : []),
        HealthModule.forRoot({ database }),
        ...(options.imports ?? []),
      ],
    };
  }
}
