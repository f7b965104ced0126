import 'reflect-metadata';
import { bootstrapService } from '@app/common/bootstrap/bootstrap';
import { connectMessaging } from '@app/messaging';
import { GatewayModule } from './gateway.module';
import { setUpGateway } from './gateway.setup';

void bootstrapService({
  name: 'gateway',
  module: GatewayModule,
  port: (config) => config.getOrThrow<number>('PORT'),
  beforeListen: async (app) => {
    setUpGateway(app);
    await connectMessaging(app);
  },
});
