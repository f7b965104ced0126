/** Options of `HealthModule.forRoot`. */
export interface HealthModuleOptions {
  /** Ping Postgres through TypeORM on readiness; needs `TypeOrmModule` in the app. Default false. */
  database?: boolean;
  /**
   * How long readiness answers 503 after SIGTERM before the service stops serving. Defaults to
   * the `SHUTDOWN_DELAY_MS` env variable, else 0.
   */
  shutdownDelayMs?: number;
}
