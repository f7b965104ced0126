import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { AmqpConnection } from '../amqp-connection.service';
import type { AccountMessage } from '../contracts/message-contract';
import { DEFAULT_RPC_TIMEOUT_MS, DIRECT_REPLY_TO, RpcHeaders } from './rpc.constants';
import {
  RpcContract,
  RpcEnvelope,
  RpcRemoteError,
  RpcTimeoutError,
  RpcUnavailableError,
  rpcQueueName,
  validateRpcReply,
  validateRpcRequest,
} from './rpc.contract';

interface Pending {
  operation: string;
  resolve: (envelope: RpcEnvelope) => void;
  reject: (error: Error) => void;
}

/** Options of one call. */
export interface RpcCallOptions {
  /** How long to wait for the reply; default 3 s. The server sees the deadline too. */
  timeoutMs?: number;
}

/**
 * The calling side of request/reply over RabbitMQ. Requests go to the service's queue through
 * the default exchange (mandatory: a service that has no queue fails at once); replies come back
 * by direct reply-to on this process's one reply channel, matched by correlationId. Each call
 * has a deadline: past it the caller gets {@link RpcTimeoutError}, and the broker drops the
 * request if it still waits in the queue (per-message expiration), so no one works for nothing.
 */
@Injectable()
export class RpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private readonly pending = new Map<string, Pending>();
  private channel: Channel | null = null;
  private closing = false;

  constructor(private readonly connection: AmqpConnection) {}

  async onModuleInit(): Promise<void> {
    await this.connection.addSetup((model) => this.openReplyChannel(model));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.failAll('the caller is shutting down');
    await this.channel?.close().catch(() => undefined);
    this.channel = null;
  }

  /**
   * Sends a request and waits for its reply.
   *
   * @throws MessageValidationError when the request breaks its contract (nothing is sent);
   *   RpcTimeoutError past the deadline; RpcUnavailableError when it cannot be delivered;
   *   RpcRemoteError when the server refused it; RpcInvalidReplyError for a reply out of contract
   */
  async call<Req extends AccountMessage, Res extends object>(
    contract: RpcContract<Req, Res>,
    request: Req | Record<string, unknown>,
    options: RpcCallOptions = {},
  ): Promise<Res> {
    const message = validateRpcRequest(contract, request);
    const timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const channel = this.channel;
    if (!channel) throw new RpcUnavailableError(contract.name, 'no connection to the message broker');

    const correlationId = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<RpcEnvelope>((resolve, reject) => {
      this.pending.set(correlationId, { operation: contract.name, resolve, reject });
      timer = setTimeout(() => reject(new RpcTimeoutError(contract.name, timeoutMs)), timeoutMs);
    });
    try {
      const sent = channel.publish('', rpcQueueName(contract.service), Buffer.from(JSON.stringify(message)), {
        correlationId,
        messageId: correlationId,
        replyTo: DIRECT_REPLY_TO,
        type: contract.name,
        contentType: 'application/json',
        expiration: String(timeoutMs),
        persistent: false,
        mandatory: true,
        timestamp: Math.floor(Date.now() / 1000),
        headers: { [RpcHeaders.deadline]: deadline, [RpcHeaders.accountId]: message.accountId },
      });
      if (!sent) this.logger.warn(`the reply channel is saturated; ${contract.name} waits for drain`);
      const envelope = await answered;
      if (!envelope.ok) {
        throw new RpcRemoteError(
          contract.name,
          envelope.error.code,
          envelope.error.message,
          envelope.error.fields,
        );
      }
      return validateRpcReply(contract, envelope.result);
    } finally {
      clearTimeout(timer);
      this.pending.delete(correlationId);
    }
  }

  /** True while replies can be received (readiness of a caller). */
  isReady(): boolean {
    return this.channel !== null;
  }

  private async openReplyChannel(model: ChannelModel): Promise<void> {
    if (this.closing) return;
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`reply channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.failAll('the broker connection was lost');
      if (!this.closing && this.connection.isConnected()) {
        // The channel closed on its own while the connection lives: open another one.
        void this.connection
          .currentModel()
          .then((current) => this.openReplyChannel(current))
          .catch((error: Error) => this.logger.error(`could not reopen the reply channel: ${error.message}`));
      }
    });
    // The broker hands back a request no queue takes (mandatory): the service has never started.
    channel.on('return', (returned: ConsumeMessage) => {
      const id = returned.properties.correlationId as string | undefined;
      const pending = id ? this.pending.get(id) : undefined;
      pending?.reject(
        new RpcUnavailableError(pending.operation, 'no queue takes the request: is the service running?'),
      );
    });
    // Direct reply-to only takes consumers in no-ack mode (RabbitMQ refuses an acked one). Nothing
    // durable rides on a reply: a reply lost with this process was awaited by this process only,
    // and its caller gets the deadline's clear answer; the request's effects are the server's.
    await channel.consume(DIRECT_REPLY_TO, (reply) => reply && this.onReply(reply), { noAck: true });
    this.channel = channel;
  }

  private onReply(reply: ConsumeMessage): void {
    const id = reply.properties.correlationId as string | undefined;
    const pending = id ? this.pending.get(id) : undefined;
    // A reply after the deadline finds no one waiting; it is dropped.
    if (!pending) return;
    try {
      pending.resolve(JSON.parse(reply.content.toString('utf8')) as RpcEnvelope);
    } catch {
      pending.reject(new RpcRemoteError(pending.operation, 'failed', 'the reply is not JSON'));
    }
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values())
      pending.reject(new RpcUnavailableError(pending.operation, reason));
    this.pending.clear();
  }
}
