import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from '../config/base.env';
import { buildLoggerParams, LoggingOptions } from './logging.options';

/**
 * Structured logging for a service (nestjs-pino): JSON lines tagged with `service`, the level from
 * `LOG_LEVEL`, an `x-request-id` per HTTP request (taken from the request or generated, and echoed
 * in the response), no access log for `/health` and `/metrics`, and secrets redacted.
 *
 * Needs a global `ConfigModule`. Use it with `app.useLogger(app.get(Logger))` (see
 * `bootstrapService`) so that Nest's own `Logger` writes through pino too.
 */
@Module({})
export class LoggingModule {
  /**
   * @param service name written as `service` on every line, e.g. `customer-sync`
   * @param options test hooks, e.g. a destination stream to capture the output
   */
  static forRoot(service: string, options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            buildLoggerParams(service, config.get<LogLevel>('LOG_LEVEL') ?? 'info', options),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
