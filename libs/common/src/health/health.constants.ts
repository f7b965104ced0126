/**
 * Injection token of the broker connection state that readiness reports as `broker`. The
 * messaging library provides it from a global module; without a provider the check is skipped.
 */
export const BROKER_STATE = Symbol('BROKER_STATE');

/** What readiness needs to know about the RabbitMQ connection. */
export interface BrokerState {
  /** Whether the connection (and the channels the service needs) is currently open. */
  isConnected(): boolean;
}

/**
 * @internal Token of the Postgres ping, provided only when readiness checks the database: terminus
 * loads TypeORM when its indicator is built, which a service without a database need not pay for.
 */
export const DATABASE_INDICATOR = Symbol('DATABASE_INDICATOR');
