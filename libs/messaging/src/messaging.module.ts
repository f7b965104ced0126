import { DynamicModule, Global, Module } from '@nestjs/common';
import { BROKER_STATE } from '@app/common/health/health.constants';
import { AmqpConnection } from './amqp-connection.service';
import { DeadLetterService } from './dead-letters/dead-letter.service';
import { InboxRepository } from './inbox/inbox.repository';
import { MESSAGING_OPTIONS } from './messaging.constants';
import type { MessagingOptions } from './messaging.interfaces';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { OutboxService } from './outbox/outbox.service';
import { AmqpServer } from './transport/amqp.server';

/**
 * RabbitMQ for a service: the connection (also its readiness), the outbox and its relay, the
 * consumer transport (connect it with `app.connectMicroservice({ strategy: app.get(AmqpServer) })`)
 * and the dead-letter tools. Needs the TypeORM root connection and the metrics module.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        AmqpConnection,
        { provide: BROKER_STATE, useExisting: AmqpConnection },
        AmqpServer,
        DeadLetterService,
        InboxRepository,
        OutboxRelay,
        OutboxRepository,
        OutboxService,
      ],
      exports: [
        AmqpConnection,
        BROKER_STATE,
        AmqpServer,
        DeadLetterService,
        InboxRepository,
        OutboxRelay,
        OutboxService,
      ],
    };
  }
}
