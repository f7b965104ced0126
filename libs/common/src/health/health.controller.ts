import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health';
import { DATABASE_INDICATOR } from './health.constants';
import { TerminationSignal } from './termination-signal';

const DATABASE_PING_TIMEOUT_MS = 1500;

/** Kubernetes probes: `/health/live` for the kubelet's restarts, `/health/ready` for traffic. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly broker: BrokerHealthIndicator,
    private readonly termination: TerminationSignal,
    @Optional() @Inject(DATABASE_INDICATOR) private readonly database?: TypeOrmHealthIndicator,
  ) {}

  /**
   * The process answers. Checks no dependency (a Postgres blip must not restart every pod) and
   * bypasses terminus, which would answer 503 while a shutdown drains work.
   */
  @Get('live')
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  /** Postgres and the broker are reachable; 503 when one is not, or once shutdown has begun. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (this.termination.received) {
      const draining: HealthCheckResult = { status: 'shutting_down', info: {}, error: {}, details: {} };
      throw new ServiceUnavailableException(draining);
    }
    const checks: HealthIndicatorFunction[] = [];
    const database = this.database;
    if (database) {
      checks.push(() => database.pingCheck('database', { timeout: DATABASE_PING_TIMEOUT_MS }));
    }
    if (this.broker.isConfigured) {
      checks.push(() => this.broker.check('broker'));
    }
    return this.health.check(checks);
  }
}
