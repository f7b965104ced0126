import { MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Application } from 'express';
import { unprocessableValidationPipe } from '@app/common/validation/validation-errors';
import { GatewayConfig } from '../gateway.config';
import { requireReadableBody } from './body-types';
import { GatewayExceptionFilter } from './gateway-exception.filter';
import { PublicThrottlerGuard } from './public-throttler.guard';
import { securityHeaders } from './security-headers';

/**
 * What guards every request of the gateway, registered as app-wide providers so that any way
 * of starting the app (bootstrapService, tests) has them: the 422 validation pipe, the error
 * filter that never leaks a stack or secret, per-IP throttling of the public endpoints, and the
 * security headers.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => ({
        throttlers: [{ name: 'public', ttl: config.throttleTtlMs, limit: config.throttleLimit }],
        errorMessage: 'Too many requests; try again in a minute',
      }),
    }),
  ],
  providers: [
    { provide: APP_PIPE, useFactory: unprocessableValidationPipe },
    { provide: APP_FILTER, useClass: GatewayExceptionFilter },
    { provide: APP_GUARD, useClass: PublicThrottlerGuard },
  ],
})
export class SecurityModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(securityHeaders(), requireReadableBody())
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  /** The client IP the throttling counts by: the socket's, or the one set by trusted proxies. */
  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Application>();
    express?.set('trust proxy', this.config.trustProxyHops > 0 ? this.config.trustProxyHops : false);
  }
}
