import { Module } from '@nestjs/common';
import { RpcModule } from '@app/messaging';
import { MindboxModule } from '@app/mindbox';
import { RetailCrmModule } from '@app/retailcrm';
import { OfferIdsResolver } from './offer-ids.resolver';
import { OrderCardIntentRepository } from './order-card-intent.repository';
import { OrderCardRpc } from './order-card.rpc';
import { OrderCardService } from './order-card.service';

/** Promo codes, points and promotions for the RetailCRM order card. */
@Module({
  imports: [RpcModule, MindboxModule, RetailCrmModule],
  providers: [OfferIdsResolver, OrderCardIntentRepository, OrderCardService, OrderCardRpc],
})
export class OrderCardModule {}
