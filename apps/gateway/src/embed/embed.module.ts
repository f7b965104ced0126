import { Module } from '@nestjs/common';
import { RpcModule } from '@app/messaging';
import { AccountsModule } from '../accounts/accounts.module';
import { EmbedController } from './embed.controller';
import { EmbedService } from './embed.service';
import { OrderCardAssetsService } from './order-card-assets.service';

/** The order-card extension's backend (`/retailcrm/embed/*`) and files (`/embed/*`). */
@Module({
  imports: [RpcModule, AccountsModule],
  controllers: [EmbedController],
  providers: [EmbedService, OrderCardAssetsService],
})
export class EmbedModule {}
