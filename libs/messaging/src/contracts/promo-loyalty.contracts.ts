import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { RpcContract } from '../rpc/rpc.contract';
import { AccountMessage } from './message-contract';

/**
 * Request/reply operations of promo-loyalty, asked by the gateway for the RetailCRM order card
 * (`POST /retailcrm/embed/{action}`). Requests carry the order as the card holds it, unsaved
 * edits included; replies say what the manager should see, with a `state` that is `ok` or names
 * why there is nothing to show (no customer, empty order, Mindbox down...).
 */
export const PROMO_LOYALTY_SERVICE = 'promo-loyalty';

/** The offer of a card line; which of its ids Mindbox knows the product by is a setting. */
export class CardOfferDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  externalId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  xmlId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  article?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

/** One line of the order card (`order/card` context, `items[]`). */
export class CardOrderItemDto {
  /** The line's position in the card: the index the card's actions take. */
  @IsInt()
  @Min(0)
  index: number;

  /** The saved line's id; absent for a line added and not saved yet. */
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  // ValidateNested alone lets a missing value through.
  @IsObject()
  @ValidateNested()
  @Type(() => CardOfferDto)
  offer: CardOfferDto;

  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(1_000_000)
  quantity: number;

  /** The price of one unit before discounts. */
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  initialPrice: number;
}

/** The order's customer, as far as the card knows it. */
export class CardCustomerDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  externalId?: string;
}

/** The order as the card holds it. */
export class CardOrderDto {
  /** Absent for an order not saved yet. */
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  externalId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  site?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => CardCustomerDto)
  customer?: CardCustomerDto;

  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CardOrderItemDto)
  items: CardOrderItemDto[];
}

/** A request about one order of the card. */
export class CardOrderRequest extends AccountMessage {
  @IsObject()
  @ValidateNested()
  @Type(() => CardOrderDto)
  order: CardOrderDto;
}

/** Check a promo code against the order. */
export class PromoCodeCheckRequest extends CardOrderRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^\S+$/, { message: 'promoCode must be one word without spaces' })
  promoCode: string;
}

/** Calculate the order with the manager's code and points, and remember them for the order. */
export class OrderApplyRequest extends CardOrderRequest {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^\S*$/, { message: 'promoCode must be one word without spaces' })
  promoCode?: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100_000_000)
  points?: number;
}

/** Why the card gets no figures: `ok` means it does. */
export const CARD_STATES = [
  'ok',
  /** The order has no lines. */
  'empty-order',
  /** The order has no customer (points need one). */
  'no-customer',
  /** Mindbox does not know the order's customer. */
  'unknown-customer',
  /** The account has not filled in the Mindbox or Orders settings. */
  'not-configured',
  /** The account is deactivated or frozen in RetailCRM. */
  'inactive',
  /** Mindbox refused the request or did not answer in time. */
  'mindbox-unavailable',
  /** The manager asked for more than allowed (points over the order's maximum, a code that does not apply). */
  'refused',
] as const;
export type CardState = (typeof CARD_STATES)[number];

/** What a manager reads about a promo code, from Mindbox's coupon status. */
export const PROMO_CODE_VERDICTS = [
  'valid',
  'not-found',
  'already-used',
  'not-yet-active',
  'expired',
  'not-for-this-order',
  'blocked',
  'not-issued',
  'unavailable',
  'unknown',
] as const;
export type PromoCodeVerdict = (typeof PROMO_CODE_VERDICTS)[number];

/** Every reply: a state and, unless `ok`, a sentence for the manager. */
export abstract class CardReply {
  @IsIn(CARD_STATES)
  state: CardState;

  @IsOptional()
  @IsString()
  message?: string;
}

/** The order's money. */
export class OrderTotalsDto {
  /** The sum of the lines before Mindbox's discounts. */
  @IsNumber()
  subtotal: number;

  @IsNumber()
  discount: number;

  @IsNumber()
  total: number;
}

export class PromoCodeDto {
  @IsString()
  code: string;

  @IsIn(PROMO_CODE_VERDICTS)
  verdict: PromoCodeVerdict;

  /** Mindbox's own status word (`CanBeUsed`, `Used`...). */
  @IsOptional()
  @IsString()
  mindboxStatus?: string;

  /** What the code takes off this order. */
  @IsNumber()
  discount: number;

  @IsOptional()
  @IsString()
  poolName?: string;

  @IsOptional()
  @IsString()
  validFrom?: string;

  @IsOptional()
  @IsString()
  validTill?: string;

  @IsOptional()
  @IsString()
  usedAt?: string;
}

export class PromoCodeCheckReply extends CardReply {
  @IsOptional()
  @ValidateNested()
  @Type(() => PromoCodeDto)
  promoCode?: PromoCodeDto;

  /** The order with the code. */
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderTotalsDto)
  totals?: OrderTotalsDto;
}

export class BonusBalanceDto {
  @IsNumber()
  total: number;

  @IsNumber()
  available: number;

  @IsNumber()
  blocked: number;

  /** The most points this order may take (`availableAmountForCurrentOrder`). */
  @IsNumber()
  availableForOrder: number;

  @IsOptional()
  @IsString()
  balanceName?: string;
}

export class BonusBalanceReply extends CardReply {
  @IsOptional()
  @ValidateNested()
  @Type(() => BonusBalanceDto)
  balance?: BonusBalanceDto;
}

/** One card line after the calculation: what to put into the card with `changeItemDiscount`. */
export class AppliedLineDto {
  @IsInt()
  index: number;

  @IsOptional()
  @IsInt()
  id?: number;

  /** The line's discount in money, for the whole line. */
  @IsNumber()
  discount: number;

  /** The line's price after every discount. */
  @IsNumber()
  total: number;
}

/** Codes of the order custom fields the settings name for the code and the discount sum. */
export class CustomFieldCodesDto {
  @IsOptional()
  @IsString()
  promoCode?: string;

  @IsOptional()
  @IsString()
  discountSum?: string;
}

export class OrderApplyReply extends CardReply {
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AppliedLineDto)
  lines?: AppliedLineDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => OrderTotalsDto)
  totals?: OrderTotalsDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => PromoCodeDto)
  promoCode?: PromoCodeDto;

  /** Points spent on the order. */
  @IsOptional()
  @IsNumber()
  pointsSpent?: number;

  /** The most points the order may take; given with a refusal too. */
  @IsOptional()
  @IsNumber()
  maxPoints?: number;

  /** The order's whole discount (code, automatic promotions and points): the "discount sum" custom field. */
  @IsOptional()
  @IsNumber()
  discountSum?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => CustomFieldCodesDto)
  customFields?: CustomFieldCodesDto;
}

/** A promotion Mindbox's calculation applies to the order. */
export class PromotionDto {
  @IsString()
  name: string;

  /** `discount`, `earnedBonusPoints`, `deliveryDiscount`... */
  @IsString()
  type: string;

  /** Money for discounts, points for point promotions. */
  @IsNumber()
  amount: number;

  @IsOptional()
  @IsString()
  externalId?: string;

  /** The card lines it applies to (indexes); empty for an order-level one. */
  @IsArray()
  @IsInt({ each: true })
  lines: number[];
}

export class PromotionsReply extends CardReply {
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PromotionDto)
  promotions?: PromotionDto[];

  /** Texts Mindbox's placeholders give (offers the customer could still get). */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  hints?: string[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrderTotalsDto)
  totals?: OrderTotalsDto;
}

export const PromoCodeCheck: RpcContract<PromoCodeCheckRequest, PromoCodeCheckReply> = {
  name: 'promo.check-code.v1',
  service: PROMO_LOYALTY_SERVICE,
  request: PromoCodeCheckRequest,
  reply: PromoCodeCheckReply,
};

export const BonusBalance: RpcContract<CardOrderRequest, BonusBalanceReply> = {
  name: 'promo.bonus-balance.v1',
  service: PROMO_LOYALTY_SERVICE,
  request: CardOrderRequest,
  reply: BonusBalanceReply,
};

export const OrderApply: RpcContract<OrderApplyRequest, OrderApplyReply> = {
  name: 'promo.apply.v1',
  service: PROMO_LOYALTY_SERVICE,
  request: OrderApplyRequest,
  reply: OrderApplyReply,
};

export const AvailablePromotions: RpcContract<CardOrderRequest, PromotionsReply> = {
  name: 'promo.promotions.v1',
  service: PROMO_LOYALTY_SERVICE,
  request: CardOrderRequest,
  reply: PromotionsReply,
};
