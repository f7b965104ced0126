import {
  AvailablePromotions,
  BonusBalance,
  CardState,
  OrderApply,
  PromoCodeCheck,
  type RpcContract,
} from '@app/messaging';

/** The order card's actions (`host.httpCall('/retailcrm/embed/<action>', payload)`) and the operation each asks. */
export const EMBED_ACTIONS: Record<string, RpcContract> = {
  'check-promo-code': PromoCodeCheck,
  'bonus-balance': BonusBalance,
  apply: OrderApply,
  promotions: AvailablePromotions,
} as unknown as Record<string, RpcContract>;

/** How long the card waits for promo-loyalty (and so for Mindbox). */
export const EMBED_DEADLINE_MS = 3_000;

/** The HTTP status of a reply: figures or a clear refusal are 200; Mindbox not answering is 503. */
export function statusOfState(state: CardState): number {
  return state === 'mindbox-unavailable' ? 503 : 200;
}
