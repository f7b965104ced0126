import { INestApplication } from '@nestjs/common';
import { AmqpServer } from './amqp.server';

/**
 * Connects the app's `@Consume` handlers to RabbitMQ through the messaging transport; pass it as
 * `beforeListen` of `bootstrapService`. Global pipes, filters and interceptors apply to them too.
 */
export async function connectMessaging(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(AmqpServer) }, { inheritAppConfig: true });
}
