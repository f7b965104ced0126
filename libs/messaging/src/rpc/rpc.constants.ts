/** AMQP headers of request/reply messages. */
export const RpcHeaders = {
  /** Epoch milliseconds after which the caller no longer waits for the reply. */
  deadline: 'x-rpc-deadline',
  accountId: 'x-account-id',
} as const;

/** RabbitMQ's pseudo-queue for direct reply-to: replies go straight to the caller's channel. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/** How long a caller waits for a reply unless told otherwise. */
export const DEFAULT_RPC_TIMEOUT_MS = 3_000;

/** Requests a server handles at once. */
export const DEFAULT_RPC_PREFETCH = 20;
