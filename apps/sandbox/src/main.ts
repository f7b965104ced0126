import 'reflect-metadata';
import { bootstrapService } from '@app/common/bootstrap/bootstrap';
import { SandboxModule } from './sandbox.module';

void bootstrapService({
  name: 'sandbox',
  module: SandboxModule,
  port: (config) => config.getOrThrow<number>('PORT'),
});
