import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { SandboxEnv } from './sandbox.env';

/** The simulators keep their state in memory: no database, no broker. */
@Module({
  imports: [ServiceModule.forRoot({ name: 'sandbox', env: SandboxEnv, database: false })],
})
export class SandboxModule {}
