import { Injectable, OnModuleInit } from '@nestjs/common';
import { AvailablePromotions, BonusBalance, OrderApply, PromoCodeCheck, RpcServer } from '@app/messaging';
import { OrderCardService } from './order-card.service';

/** Serves the order card's request/reply operations; each maps to one service call. */
@Injectable()
export class OrderCardRpc implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly cards: OrderCardService,
  ) {}

  onModuleInit(): void {
    this.rpc.serve(PromoCodeCheck, (request, call) => this.cards.checkPromoCode(request, call));
    this.rpc.serve(BonusBalance, (request, call) => this.cards.bonusBalance(request, call));
    this.rpc.serve(OrderApply, (request, call) => this.cards.apply(request, call));
    this.rpc.serve(AvailablePromotions, (request, call) => this.cards.promotions(request, call));
  }
}
