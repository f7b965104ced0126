import { Module } from '@nestjs/common';
import { OperationsController } from './api/operations.controller';
import { OperationsService } from './api/operations.service';
import { MindboxControlController } from './control/mindbox-control.controller';
import { MindboxControlService } from './control/mindbox-control.service';
import { CustomersService } from './customers/customers.service';
import { OrdersService } from './orders/orders.service';
import { MindboxSeedService } from './seed/mindbox-seed.service';
import { MindboxStore } from './store/mindbox-store';

/**
 * Simulator of the Mindbox API v3 under `/mindbox/v3/operations/{sync|async}`, with its set-up
 * and read-back under `/control/mindbox`. State lives in memory.
 */
@Module({
  controllers: [OperationsController, MindboxControlController],
  providers: [
    MindboxStore,
    CustomersService,
    OrdersService,
    OperationsService,
    MindboxControlService,
    MindboxSeedService,
  ],
})
export class MindboxSimulatorModule {}
