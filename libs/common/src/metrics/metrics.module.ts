import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { METRICS_SERVICE_NAME } from './metrics.constants';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics for a service: a global {@link MetricsService}, `GET /metrics`, and the
 * duration of every HTTP request. Import once, in the app module.
 */
@Module({})
export class MetricsModule implements NestModule {
  /** @param service value of the `service` label on every series, e.g. `customer-sync` */
  static forRoot(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_SERVICE_NAME, useValue: service }, MetricsService],
      exports: [MetricsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // '{/*splat}' (no leading slash) also matches the root and paths outside a global prefix,
    // as nestjs-pino does for its own middleware.
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
