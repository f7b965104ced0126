import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from '../config/base.env';
import { runRequestLogContext } from './log-context';
import { buildLoggerParams, LoggingOptions } from './logging.options';

/**
 * Structured logging for a service (nestjs-pino): JSON lines tagged with `service`, the level from
 * `LOG_LEVEL`, an `x-request-id` per HTTP request (taken from the request or generated, and echoed
 * in the response), no access log for `/health` and `/metrics`, and secrets redacted. Fields a
 * request handler adds with `assignToRequestLog` (its account) go on the request's later lines and
 * on its access-log line.
 *
 * Needs a global `ConfigModule`. Use it with `app.useLogger(app.get(Logger))` (see
 * `bootstrapService`) so that Nest's own `Logger` writes through pino too.
 */
@Module({})
export class LoggingModule implements NestModule {
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

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: IncomingMessage, _res: unknown, next: () => void) => runRequestLogContext(req, next))
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
