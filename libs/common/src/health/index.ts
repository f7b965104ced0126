export { BrokerHealthIndicator } from './broker.health';
export { BROKER_STATE } from './health.constants';
export type { BrokerState } from './health.constants';
export { HealthController } from './health.controller';
export type { HealthModuleOptions } from './health.interfaces';
export { HealthModule } from './health.module';
