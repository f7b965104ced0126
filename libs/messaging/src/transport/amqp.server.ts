import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { onTermination } from '@app/common/health/on-termination';
import { runWithLogContext } from '@app/common/logging/log-context';
import { MetricsService } from '@app/common/metrics/metrics.service';
import { AmqpConnection } from '../amqp-connection.service';
import { contractFor, MessageValidationError, validatePayload } from '../contracts';
import { InboxRepository } from '../inbox/inbox.repository';
import {
  DEFAULT_RETRY_DELAYS_MS,
  deadLetterQueueName,
  Headers,
  routingKeyOf,
  MAX_MESSAGE_ID_LENGTH,
  MESSAGING_OPTIONS,
  retryCountOf,
} from '../messaging.constants';
import { isRetryable } from '../messaging.errors';
import type { MessagingOptions } from '../messaging.interfaces';
import { AmqpContext } from './amqp.context';
import type { ConsumeExtras } from './consume.decorator';
import { assertConsumerTopology, retryQueueFor } from './topology';
import { cancelConsumers, closeConsumerChannels, ConsumerHandle } from './consumers';

/**
 * A Nest custom transport over amqplib. For every queue named by `@Consume` handlers it declares
 * the queue, its retry ladder and its parking queue, and consumes with manual acks: a message is
 * acknowledged only after its handler and its inbox row committed in one transaction; a failure
 * goes to the next retry queue (own retry-count header) and, after the last one, to parking.
 *
 * It stops taking messages the moment a termination signal arrives (or, closed without one, when
 * its module is destroyed), so that other modules' slow shutdown hooks do not keep it consuming;
 * on close it waits for the handlers in flight, then closes its channels.
 */
@Injectable()
export class AmqpServer extends Server implements CustomTransportStrategy, OnModuleDestroy {
  private readonly log = new Logger(AmqpServer.name);
  private readonly consumers = new Map<string, ConsumerHandle>();
  private readonly retryDelaysMs: number[];
  private readonly drainTimeoutMs: number;
  private readonly prefetch: number;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private closing = false;
  private cancelled: Promise<void> | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    private readonly connection: AmqpConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inbox: InboxRepository,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.drainTimeoutMs = options.drainTimeoutMs ?? 25_000;
    this.prefetch = options.prefetch ?? 10;
  }

  /** Queues this server consumes, with the routing keys bound to each. */
  queues(): Map<string, string[]> {
    const queues = new Map<string, string[]>();
    for (const [pattern, handler] of this.messageHandlers) {
      const queue = (handler.extras as ConsumeExtras | undefined)?.queue;
      if (!queue) throw new Error(`handler of ${pattern} names no queue: use @Consume(contract, { queue })`);
      queues.set(queue, [...(queues.get(queue) ?? []), pattern]);
    }
    return queues;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    this.stopListening = onTermination(() => void this.stopConsuming());
    try {
      for (const [queue, keys] of this.queues()) {
        await this.connection.addSetup((model) => this.startConsumer(model, queue, keys));
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopConsuming();
  }

  async close(): Promise<void> {
    this.stopListening?.();
    await this.stopConsuming();
    if (this.inFlight > 0) {
      this.log.log(`draining ${this.inFlight} message(s) in flight`);
      const done = new Promise<void>((resolve) => (this.drained = resolve));
      const timer = setTimeout(() => this.drained?.(), this.drainTimeoutMs);
      await done;
      clearTimeout(timer);
    }
    await closeConsumerChannels(this.consumers.values());
    this.consumers.clear();
  }

  /** Cancels every consumer: messages not yet delivered stay queued for another replica. */
  private stopConsuming(): Promise<void> {
    this.closing = true;
    this.cancelled ??= cancelConsumers(this.consumers.values()).then(() =>
      this.log.log('stopped taking messages'),
    );
    return this.cancelled;
  }

  on(): void {
    // Connection events are handled by AmqpConnection.
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  private async startConsumer(model: ChannelModel, queue: string, keys: string[]): Promise<void> {
    if (this.closing) return;
    const channel = await model.createChannel();
    await assertConsumerTopology(channel, queue, keys, this.retryDelaysMs);
    await channel.prefetch(this.prefetch);
    channel.on('error', (error: Error) =>
      this.log.warn(`consumer channel of ${queue} failed: ${error.message}`),
    );
    channel.on('close', () => {
      if (this.consumers.get(queue)?.channel !== channel) return;
      this.consumers.delete(queue);
      // A channel closed while its connection lives (e.g. a channel error): open a new one. A
      // lost connection is handled by the reconnect, which re-runs this setup.
      setTimeout(() => {
        if (!this.closing && this.connection.isConnected() && !this.consumers.has(queue)) {
          this.connection
            .currentModel()
            .then((current) => this.startConsumer(current, queue, keys))
            .catch((error: Error) =>
              this.log.error(`could not restart consumer of ${queue}: ${error.message}`),
            );
        }
      }, 1_000);
    });
    const { consumerTag } = await channel.consume(
      queue,
      (message) => message && void this.handle(channel, queue, message),
      {
        noAck: false,
      },
    );
    this.consumers.set(queue, { channel, consumerTag });
    // Set up again by a reconnect while the server was stopping: take nothing more.
    if (this.closing) await channel.cancel(consumerTag).catch(() => undefined);
    else this.log.log(`consuming ${queue} (${keys.join(', ')})`);
  }

  private async handle(channel: Channel, queue: string, message: ConsumeMessage): Promise<void> {
    this.inFlight += 1;
    this.metrics.messagesConsumed.inc({ queue });
    const stopTimer = this.metrics.messageHandlingDuration.startTimer({ queue });
    const headers = message.properties.headers ?? {};
    const routingKey = routingKeyOf(headers, message.fields.routingKey);
    const messageId = message.properties.messageId ? String(message.properties.messageId) : undefined;
    // Every line logged while handling, the transport's own included, names the message and account.
    const context = { messageId, accountId: headers[Headers.accountId], queue, routingKey };
    try {
      await runWithLogContext(context, async () => {
        try {
          const payload = this.decode(routingKey, messageId, message);
          const handler = this.getHandlerByPattern(routingKey);
          if (!handler)
            throw new MessageValidationError(routingKey, { routingKey: `has no handler on ${queue}` });
          await this.apply(handler, payload, message, queue, routingKey, String(messageId));
          this.ack(channel, message);
        } catch (error) {
          this.metrics.messagesFailed.inc({ queue });
          await this.retryOrPark(channel, queue, routingKey, message, error);
        }
      });
    } finally {
      stopTimer();
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  private decode(routingKey: string, messageId: string | undefined, message: ConsumeMessage) {
    if (!messageId) throw new MessageValidationError(routingKey, { messageId: 'is missing' });
    // The inbox could not record it: every attempt would fail the same way.
    if (messageId.length > MAX_MESSAGE_ID_LENGTH)
      throw new MessageValidationError(routingKey, {
        messageId: `messageId is longer than ${MAX_MESSAGE_ID_LENGTH} characters`,
      });
    const contract = contractFor(routingKey);
    if (!contract) throw new MessageValidationError(routingKey, { routingKey: 'has no registered contract' });
    let plain: unknown;
    try {
      plain = JSON.parse(message.content.toString('utf8'));
    } catch {
      throw new MessageValidationError(routingKey, { body: 'is not JSON' });
    }
    return validatePayload(contract, plain);
  }

  /** Runs the handler in one transaction with the inbox row; a known messageId is skipped. */
  private async apply(
    handler: MessageHandler,
    payload: object,
    message: ConsumeMessage,
    queue: string,
    routingKey: string,
    messageId: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (!(await this.inbox.record(em, queue, messageId, routingKey))) {
        this.log.log(`message ${messageId} was applied before; acknowledging the duplicate`);
        return;
      }
      const context = new AmqpContext([message, em, queue, routingKey]);
      await lastValueFrom(this.transformToObservable(await handler(payload, context)), {
        defaultValue: undefined,
      });
    });
  }

  private async retryOrPark(
    channel: Channel,
    queue: string,
    routingKey: string,
    message: ConsumeMessage,
    error: unknown,
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const retries = retryCountOf(message.properties.headers);
    const retry = isRetryable(error) && retries < this.retryDelaysMs.length;
    const target = retry ? retryQueueFor(queue, this.retryDelaysMs[retries]) : deadLetterQueueName(queue);
    try {
      await this.connection.publishRaw('', target, message.content, {
        ...message.properties,
        messageId: String(message.properties.messageId ?? `unidentified-${Date.now()}`),
        headers: {
          ...message.properties.headers,
          [Headers.routingKey]: routingKey,
          [Headers.retryCount]: retry ? retries + 1 : retries,
          [Headers.lastError]: reason.slice(0, 1000),
          [Headers.failedAt]: new Date().toISOString(),
        },
      });
    } catch (publishError) {
      // Could not move it: give it back to the queue; the delivery limit stops an endless loop.
      this.log.error(`could not move a failed message to ${target}: ${(publishError as Error).message}`);
      this.nack(channel, message);
      return;
    }
    this.ack(channel, message);
    if (retry) {
      this.metrics.messagesRetried.inc({ queue });
      this.log.warn(`message on ${queue} failed (attempt ${retries + 1}), retrying via ${target}: ${reason}`);
    } else {
      this.metrics.messagesDeadLettered.inc({ queue });
      this.log.error(`message on ${queue} parked in ${target} after ${retries} retries: ${reason}`);
    }
  }

  private ack(channel: Channel, message: ConsumeMessage): void {
    try {
      channel.ack(message);
    } catch (error) {
      // The channel died with the connection; the broker redelivers and the inbox drops the twin.
      this.log.warn(`ack failed: ${(error as Error).message}`);
    }
  }

  private nack(channel: Channel, message: ConsumeMessage): void {
    try {
      channel.nack(message, false, true);
    } catch (error) {
      this.log.warn(`nack failed: ${(error as Error).message}`);
    }
  }
}
