import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, Options, RecoveringChannelModel } from 'amqplib';
import type { BrokerState } from '@app/common/health/health.constants';
import { MetricsService } from '@app/common/metrics/metrics.service';
import { contractFor, validatePayload } from './contracts';
import { EVENTS_EXCHANGE, Headers, MESSAGING_OPTIONS } from './messaging.constants';
import {
  BrokerUnavailableError,
  PublishNotConfirmedError,
  UnknownContractError,
  UnroutableMessageError,
} from './messaging.errors';
import type { MessagingOptions, PublishOptions } from './messaging.interfaces';

/** Heartbeats let both sides notice a dead TCP connection within ~30 s; a URL may set its own. */
function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '15');
  return parsed.toString();
}

/** Work to redo on every (re)connection: declare topology, start consumers. */
export type ConnectionSetup = (model: ChannelModel) => Promise<void>;

/**
 * The service's one connection to RabbitMQ. It reconnects by itself (amqplib recovery with
 * backoff and jitter) and re-runs every registered setup after each reconnect. Publishes are
 * persistent, mandatory and wait for the broker's confirm; a returned message is a failure.
 */
@Injectable()
export class AmqpConnection implements BrokerState, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AmqpConnection.name);
  private connection: RecoveringChannelModel | null = null;
  private model: ChannelModel | null = null;
  private publisher: Promise<ConfirmChannel> | null = null;
  private readonly setups = new Set<ConnectionSetup>();
  private readonly returned = new Set<string>();
  private readonly url: string;
  private readonly publishTimeoutMs: number;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    config: ConfigService,
    private readonly metrics: MetricsService,
  ) {
    this.url = options.url ?? config.getOrThrow<string>('AMQP_URL');
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
  }

  async onModuleInit(): Promise<void> {
    const connection = await connect(withHeartbeat(this.url), {
      clientProperties: { connection_name: process.env.HOSTNAME ?? 'retailcrm-mindbox' },
      // No Nagle: a publish is several small frames, and an RPC waits on each round trip; with
      // Nagle's algorithm and delayed ACKs every request/reply cost about 40 ms.
      noDelay: true,
      recovery: {
        waitForConnect: false,
        initialDelay: 200,
        maxDelay: 5_000,
        maxRetries: Infinity,
        setup: (model: ChannelModel) => this.runSetups(model),
      },
    });
    this.connection = connection;
    connection.on('connect', (model: ChannelModel) => {
      this.model = model;
      this.logger.log('connected to the message broker');
    });
    connection.on('disconnect', (error: Error) => {
      this.model = null;
      this.publisher = null;
      this.logger.warn(`lost the message broker connection: ${error.message}; reconnecting`);
    });
    connection.on('connect-failed', (error: Error) =>
      this.logger.warn(`broker connection failed: ${error.message}`),
    );
    connection.on('error', (error: Error) => this.logger.warn(`broker connection error: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.model = null;
    await connection?.close().catch(() => undefined);
  }

  /** True while a connection is open (readiness). */
  isConnected(): boolean {
    return this.model !== null;
  }

  /**
   * Registers work to run on the current connection now (if any) and after every reconnect.
   * Returns once it ran on the current connection.
   */
  async addSetup(setup: ConnectionSetup): Promise<void> {
    this.setups.add(setup);
    if (this.model) await setup(this.model);
  }

  /** The open connection, waiting for it up to the publish timeout. */
  async currentModel(timeoutMs = this.publishTimeoutMs): Promise<ChannelModel> {
    if (this.model) return this.model;
    if (!this.connection || timeoutMs <= 0) throw new BrokerUnavailableError();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrokerUnavailableError()), timeoutMs);
    });
    try {
      // waitForConnect resolves at once when already connected, or after the next connect.
      await Promise.race([this.connection.waitForConnect(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (!this.model) throw new BrokerUnavailableError();
    return this.model;
  }

  /** Opens a plain channel on the current connection (for consumers and admin tools). */
  async createChannel(): Promise<Channel> {
    return (await this.currentModel()).createChannel();
  }

  /**
   * Validates `payload` against the routing key's contract and publishes it to the events
   * exchange; resolves when the broker has confirmed it and routed it to at least one queue.
   */
  async publish(routingKey: string, payload: object, options: PublishOptions = {}): Promise<string> {
    const contract = contractFor(routingKey);
    if (!contract) throw new UnknownContractError(routingKey);
    const message = validatePayload(contract, payload);
    const messageId = options.messageId ?? randomUUID();
    await this.publishRaw(EVENTS_EXCHANGE, routingKey, Buffer.from(JSON.stringify(message)), {
      messageId,
      correlationId: options.correlationId,
      type: routingKey,
      headers: {
        ...options.headers,
        [Headers.routingKey]: routingKey,
        [Headers.accountId]: message.accountId,
      },
    });
    this.metrics.messagesPublished.inc({ routing_key: routingKey });
    return messageId;
  }

  /**
   * Publishes bytes as they are (retry ladder, parking, replay), persistent and mandatory,
   * and waits for the confirm. `waitMs` 0 fails at once when disconnected.
   */
  async publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: Options.Publish & { messageId: string },
    waitMs = this.publishTimeoutMs,
  ): Promise<void> {
    const channel = await this.publishChannel(waitMs);
    await new Promise<void>((resolve, reject) => {
      try {
        channel.publish(
          exchange,
          routingKey,
          content,
          {
            contentType: 'application/json',
            timestamp: Math.floor(Date.now() / 1000),
            ...properties,
            persistent: true,
            mandatory: true,
          },
          (error: unknown) => (error ? reject(new PublishNotConfirmedError(routingKey, error)) : resolve()),
        );
      } catch (error) {
        reject(new PublishNotConfirmedError(routingKey, error));
      }
    });
    // The broker sends basic.return before the confirm of the same message on the same channel.
    if (this.returned.delete(properties.messageId)) throw new UnroutableMessageError(exchange, routingKey);
  }

  private async runSetups(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    await channel.close();
    for (const setup of this.setups) await setup(model);
  }

  private publishChannel(waitMs: number): Promise<ConfirmChannel> {
    if (!this.publisher) {
      const opening = this.currentModel(waitMs).then(async (model) => {
        const channel = await model.createConfirmChannel();
        channel.on('return', (message: { properties: { messageId?: string } }) => {
          if (message.properties.messageId) this.returned.add(message.properties.messageId);
        });
        channel.on('error', (error: Error) => this.logger.warn(`publish channel error: ${error.message}`));
        channel.on('close', () => {
          if (this.publisher === opening) this.publisher = null;
        });
        return channel;
      });
      opening.catch(() => {
        if (this.publisher === opening) this.publisher = null;
      });
      this.publisher = opening;
    }
    return this.publisher;
  }
}
