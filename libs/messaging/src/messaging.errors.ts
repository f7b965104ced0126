/** Base of the library's errors; `retryable` says whether trying again can help. */
export abstract class MessagingError extends Error {
  abstract readonly retryable: boolean;
}

/** No broker connection within the publish timeout. */
export class BrokerUnavailableError extends MessagingError {
  readonly retryable = true;
  constructor(message = 'no connection to the message broker') {
    super(message);
    this.name = 'BrokerUnavailableError';
  }
}

/** The broker negatively confirmed the message, or the channel closed before it confirmed. */
export class PublishNotConfirmedError extends MessagingError {
  readonly retryable = true;
  constructor(routingKey: string, cause?: unknown) {
    super(`publish of ${routingKey} was not confirmed by the broker`, { cause });
    this.name = 'PublishNotConfirmedError';
  }
}

/** A mandatory publish that no queue was bound to take; the broker returned it. */
export class UnroutableMessageError extends MessagingError {
  readonly retryable = true;
  constructor(exchange: string, routingKey: string) {
    super(`no queue is bound to ${routingKey} on ${exchange || 'the default exchange'}`);
    this.name = 'UnroutableMessageError';
  }
}

/** A published routing key that has no registered contract. */
export class UnknownContractError extends MessagingError {
  readonly retryable = false;
  constructor(routingKey: string) {
    super(`no message contract is registered for ${routingKey}`);
    this.name = 'UnknownContractError';
  }
}

/** Whether an error says retrying can help; unknown errors are assumed transient. */
export function isRetryable(error: unknown): boolean {
  return (error as { retryable?: unknown })?.retryable !== false;
}
