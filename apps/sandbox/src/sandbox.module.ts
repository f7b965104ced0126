import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { ControlModule } from './control/control.module';
import { MindboxSimulatorModule } from './mindbox/mindbox-simulator.module';
import { RetailCrmSimulatorModule } from './retailcrm/retailcrm-simulator.module';
import { SandboxEnv } from './sandbox.env';

/**
 * Simulators of the RetailCRM API v5 (under /crm/{account}) and the Mindbox API v3 (under
 * /mindbox), with test controls under /control. State lives in memory: no database, no broker.
 */
@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'sandbox',
      env: SandboxEnv,
      database: false,
      imports: [ControlModule, RetailCrmSimulatorModule, MindboxSimulatorModule],
    }),
  ],
})
export class SandboxModule {}
