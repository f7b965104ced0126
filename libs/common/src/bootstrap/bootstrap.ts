import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { describeStartupFailure } from './startup-failure';

/** Options of {@link bootstrapService}. */
export interface BootstrapOptions {
  /** Service name used in the startup and failure lines, e.g. `customer-sync`. */
  name: string;
  /** Root module; it must import a global `ConfigModule` and `LoggingModule`. */
  module: Type;
  /** HTTP port (API or health/metrics) from the validated config. */
  port: (config: ConfigService) => number;
  /** Runs before microservices start and the server listens, e.g. to connect a transport. */
  beforeListen?: (app: INestApplication) => Promise<void>;
}

/**
 * Starts a service the same way everywhere: pino as the Nest logger, shutdown hooks on,
 * microservices started, HTTP on `0.0.0.0:port`, and one line `"<name> listening on :<port>"`.
 *
 * If anything fails on the way (bad env, database or broker unreachable, port taken) it writes
 * ONE line to stderr — `<name> failed to start: <cause>`, no stack, URL passwords masked — and
 * exits with code 1.
 */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  try {
    const app = await NestFactory.create(options.module, {
      bufferLogs: true,
      // On failure Nest would print the buffer and the error with its stack; the one line below
      // replaces that. abortOnError: false makes Nest throw instead of calling process.abort().
      autoFlushLogs: false,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    app.flushLogs();
    app.enableShutdownHooks();
    await options.beforeListen?.(app);
    await app.startAllMicroservices();
    const port = options.port(app.get(ConfigService));
    await app.listen(port, '0.0.0.0');
    new NestLogger('Bootstrap').log(`${options.name} listening on :${port}`);
    return app;
  } catch (error) {
    process.stderr.write(`${options.name} failed to start: ${describeStartupFailure(error)}\n`);
    return process.exit(1);
  }
}
