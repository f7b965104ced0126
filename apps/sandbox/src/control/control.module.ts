import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ControlController } from './control.controller';
import { FaultInjector } from './faults.service';
import { RequestLog } from './request-log.service';
import { ResetRegistry } from './reset.registry';
import { TrafficMiddleware } from './traffic.middleware';

/** Request log, fault injection and reset, for both simulators. */
@Global()
@Module({
  controllers: [ControlController],
  providers: [FaultInjector, RequestLog, ResetRegistry],
  exports: [FaultInjector, RequestLog, ResetRegistry],
})
export class ControlModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TrafficMiddleware).forRoutes('crm/{*path}', 'mindbox/{*path}');
  }
}
