import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { onTermination } from '@app/common/health/on-termination';
import { runWithLogContext } from '@app/common/logging/log-context';
import { AmqpConnection } from '../amqp-connection.service';
import { AccountMessage, MessageValidationError } from '../contracts/message-contract';
import { DEFAULT_RPC_PREFETCH, DEFAULT_RPC_TIMEOUT_MS, RpcHeaders } from './rpc.constants';
import { RpcContract, RpcEnvelope, rpcQueueName, validateRpcRequest } from './rpc.contract';
import { cancelConsumers, closeConsumerChannels, ConsumerHandle } from '../transport/consumers';

/** What a handler knows about the call besides its request. */
export interface RpcCallContext {
  /** Epoch milliseconds after which the caller no longer waits. */
  readonly deadline: number;
  /** Milliseconds left before the deadline (0 when passed). */
  remainingMs(): number;
}

/** Answers one operation: the validated request in, the reply out. */
export type RpcHandler<Req extends AccountMessage, Res extends object> = (
  request: Req,
  context: RpcCallContext,
) => Promise<Res>;

interface Registered {
  contract: RpcContract;
  handler: RpcHandler<AccountMessage, object>;
}

/**
 * The answering side of request/reply. Handlers are registered with {@link RpcServer.serve} (in
 * an `onModuleInit`); when the app has booted the server consumes the queue of every service
 * they belong to, validates each request against its contract, runs the handler and sends the
 * reply to the caller. A request whose deadline has passed is dropped unanswered; a handler that
 * throws answers `failed` with its message, never a stack. Requests are not retried: the caller
 * is waiting, and asks again if it wants to.
 *
 * It stops taking requests the moment a termination signal arrives (or, closed without one, when
 * its module is destroyed): the ones still queued go to another replica within their deadline.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(RpcServer.name);
  private readonly handlers = new Map<string, Registered>();
  private readonly consumers = new Map<string, ConsumerHandle>();
  private closing = false;
  private cancelled: Promise<void> | null = null;
  private stopListening: (() => void) | null = null;
  private inFlight = 0;
  private drained: (() => void) | null = null;

  constructor(private readonly connection: AmqpConnection) {}

  /** Registers the handler of an operation; call before the app has booted. */
  serve<Req extends AccountMessage, Res extends object>(
    contract: RpcContract<Req, Res>,
    handler: RpcHandler<Req, Res>,
  ): void {
    if (this.handlers.has(contract.name)) throw new Error(`${contract.name} already has a handler`);
    this.handlers.set(contract.name, {
      contract: contract as unknown as RpcContract,
      handler: handler as unknown as RpcHandler<AccountMessage, object>,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopListening = onTermination(() => void this.stopConsuming());
    const services = new Set([...this.handlers.values()].map(({ contract }) => contract.service));
    for (const service of services) {
      await this.connection.addSetup((model) => this.consume(model, rpcQueueName(service)));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopConsuming();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    await this.stopConsuming();
    if (this.inFlight > 0) {
      const done = new Promise<void>((resolve) => (this.drained = resolve));
      const timer = setTimeout(() => this.drained?.(), DEFAULT_RPC_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
    }
    await closeConsumerChannels(this.consumers.values());
    this.consumers.clear();
  }

  /** Cancels every consumer: requests not yet delivered stay queued for another replica. */
  private stopConsuming(): Promise<void> {
    this.closing = true;
    this.cancelled ??= cancelConsumers(this.consumers.values());
    return this.cancelled;
  }

  private async consume(model: ChannelModel, queue: string): Promise<void> {
    if (this.closing) return;
    const channel = await model.createChannel();
    // Classic and durable: requests are transient (they expire with their deadline), the queue stays.
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await channel.prefetch(DEFAULT_RPC_PREFETCH);
    channel.on('error', (error: Error) =>
      this.logger.warn(`request channel of ${queue} failed: ${error.message}`),
    );
    channel.on('close', () => {
      if (this.consumers.get(queue)?.channel !== channel) return;
      this.consumers.delete(queue);
      if (!this.closing && this.connection.isConnected()) {
        void this.connection
          .currentModel()
          .then((current) => this.consume(current, queue))
          .catch((error: Error) => this.logger.error(`could not restart ${queue}: ${error.message}`));
      }
    });
    const { consumerTag } = await channel.consume(
      queue,
      (message) => message && void this.handle(channel, message),
    );
    this.consumers.set(queue, { channel, consumerTag });
    // Set up again by a reconnect while the server was stopping: take nothing more.
    if (this.closing) await channel.cancel(consumerTag).catch(() => undefined);
    else this.logger.log(`answering requests on ${queue}`);
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    this.inFlight += 1;
    const { correlationId, replyTo, type, headers = {} } = message.properties;
    const operation = String(type ?? '');
    const deadline = deadlineOf(headers[RpcHeaders.deadline]);
    try {
      await runWithLogContext(
        { messageId: correlationId, accountId: headers[RpcHeaders.accountId], operation },
        async () => {
          if (Date.now() >= deadline) {
            this.logger.warn(
              `${operation}: the caller's deadline passed before the request was taken; dropped`,
            );
            return;
          }
          const envelope = await this.answer(operation, message, deadline);
          if (!replyTo) return;
          try {
            channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(envelope)), {
              correlationId,
              contentType: 'application/json',
            });
          } catch (error) {
            this.logger.warn(`${operation}: could not send the reply: ${(error as Error).message}`);
          }
        },
      );
    } finally {
      try {
        channel.ack(message);
      } catch {
        // The channel went with the connection; the request expires on the broker.
      }
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  private async answer(operation: string, message: ConsumeMessage, deadline: number): Promise<RpcEnvelope> {
    const registered = this.handlers.get(operation);
    if (!registered) {
      return {
        ok: false,
        error: {
          code: 'unknown-operation',
          message: `${operation || 'an unnamed operation'} is not served here`,
        },
      };
    }
    try {
      let plain: unknown;
      try {
        plain = JSON.parse(message.content.toString('utf8'));
      } catch {
        throw new MessageValidationError(operation, { body: 'is not JSON' });
      }
      const request = validateRpcRequest(registered.contract, plain);
      const context: RpcCallContext = { deadline, remainingMs: () => Math.max(0, deadline - Date.now()) };
      return { ok: true, result: await registered.handler(request, context) };
    } catch (error) {
      if (error instanceof MessageValidationError) {
        return {
          ok: false,
          error: { code: 'invalid-request', message: error.message, fields: error.errors },
        };
      }
      this.logger.error(`${operation} failed: ${(error as Error).message}`);
      return { ok: false, error: { code: 'failed', message: (error as Error).message } };
    }
  }
}

/**
 * The caller's deadline, from its header: epoch milliseconds. A header that is no such number (a
 * caller's mistake: empty, text, infinite) counts as absent, so that the request is answered
 * within the default time rather than dropped as expired (`""` reads as 0) or never expiring.
 */
export function deadlineOf(header: unknown): number {
  const deadline = typeof header === 'number' || typeof header === 'string' ? Number(header) : NaN;
  return Number.isFinite(deadline) && deadline > 0 ? deadline : Date.now() + DEFAULT_RPC_TIMEOUT_MS;
}
