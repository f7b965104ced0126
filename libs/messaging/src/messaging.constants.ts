/** The durable topic exchange every domain event is published to. */
export const EVENTS_EXCHANGE = 'retailcrm-mindbox.events';

/** AMQP headers the library sets and reads. */
export const Headers = {
  /** How many times the message has already failed (RabbitMQ 4 no longer fills `x-death` on republish). */
  retryCount: 'x-retry-count',
  /** The routing key the message was first published with; retries travel by queue name. */
  routingKey: 'x-routing-key',
  accountId: 'x-account-id',
  lastError: 'x-last-error',
  failedAt: 'x-failed-at',
  replayedAt: 'x-replayed-at',
} as const;

/**
 * The routing key a message was first published with. Publishes and retries carry it in
 * `x-routing-key`; a message the broker itself dead-lettered (a quorum queue's delivery limit)
 * keeps it in `x-death`; the delivery's own key is the last resort.
 */
export function routingKeyOf(headers: Record<string, unknown> | undefined, deliveredWith: string): string {
  const carried = headers?.[Headers.routingKey];
  if (typeof carried === 'string' && carried) return carried;
  const deaths = headers?.['x-death'];
  const first = Array.isArray(deaths) ? (deaths[0] as { 'routing-keys'?: unknown } | undefined) : undefined;
  const keys = first?.['routing-keys'];
  if (Array.isArray(keys) && typeof keys[0] === 'string' && keys[0]) return keys[0];
  return deliveredWith;
}

/** The longest messageId the inbox and the journals record; a longer one is refused at the consumer. */
export const MAX_MESSAGE_ID_LENGTH = 64;

/**
 * How many times a message failed before, from its `x-retry-count` header. Anything but a
 * non-negative integer (a producer's mistake) counts as none: the ladder then starts from its
 * first rung rather than pick a rung that does not exist or fail to write the header back.
 */
export function retryCountOf(headers: Record<string, unknown> | undefined): number {
  const count = Number(headers?.[Headers.retryCount] ?? 0);
  return Number.isSafeInteger(count) && count >= 0 ? count : 0;
}

/** Waits before each retry of a failed message; after the last one it is parked. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 10_000, 60_000, 300_000, 1_800_000];

/** Names of the queues derived from a consumer queue. */
export const retryQueueName = (queue: string, attempt: number): string => `${queue}.retry.${attempt}`;
export const deadLetterQueueName = (queue: string): string => `${queue}.dlq`;

/** Injection token of the messaging options. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
