/** Options of `MessagingModule.forRoot`. */
export interface MessagingOptions {
  /** The service name: the outbox relay publishes only this producer's rows. */
  serviceName: string;
  /** Broker URL; defaults to the `AMQP_URL` variable. */
  url?: string;
  /** Delays of the retry ladder in milliseconds; its length is the number of retries. */
  retryDelaysMs?: number[];
  /** How long a publish waits for a broker connection before failing. Default 5 s. */
  publishTimeoutMs?: number;
  /** How long shutdown waits for handlers in flight. Default 25 s. */
  drainTimeoutMs?: number;
  /** Outbox relay poll interval; 0 disables the relay. Default 500 ms. */
  outboxPollMs?: number;
  /** Unacknowledged deliveries per consumer. Default 10. */
  prefetch?: number;
}

/** Properties of a message as it travels. */
export interface PublishOptions {
  /** Unique id used by consumers to drop duplicates; a UUID by default. */
  messageId?: string;
  correlationId?: string;
  headers?: Record<string, string | number>;
}
