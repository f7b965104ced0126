import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BROKER_STATE, BrokerState } from './health.constants';

/** Reports the state of the service's existing broker connection; opens no connection of its own. */
@Injectable()
export class BrokerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(BROKER_STATE) private readonly broker?: BrokerState,
  ) {}

  /** False when no {@link BROKER_STATE} is provided, i.e. the service does not use the broker. */
  get isConfigured(): boolean {
    return this.broker !== undefined;
  }

  check(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    return this.broker?.isConnected()
      ? indicator.up()
      : indicator.down({ message: 'not connected to RabbitMQ' });
  }
}
