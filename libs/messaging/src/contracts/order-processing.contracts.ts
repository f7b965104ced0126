import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
} from 'class-validator';
import { AccountMessage, MessageContract } from './message-contract';

/** Why order-processing was asked to run an order through its status rules. */
export const ORDER_PROCESSING_CAUSES = ['history', 'retry', 'recovery'] as const;
export type OrderProcessingCause = (typeof ORDER_PROCESSING_CAUSES)[number];

/**
 * A CRM order to run through the status rules of the Orders tab, with the order as RetailCRM gave
 * it when the message was written (the poller reads up to 100 changed orders with one `orders`
 * list call). Without the order (a retry from the journal, a recovery of an interrupted
 * transaction) the consumer reads it. Supersedes `order.changed.v1`, which carries no snapshot.
 */
export class OrderChangedV2 extends AccountMessage {
  @IsInt()
  @IsPositive()
  orderId: number;

  @IsIn(ORDER_PROCESSING_CAUSES)
  cause: OrderProcessingCause;

  /** History id of the newest change included, when history caused the message. */
  @IsOptional()
  @IsInt()
  @IsPositive()
  historyId?: number;

  /** History field names of the changes included (`status`, `order_product.quantity`, ...). */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  fields: string[];

  /** When `order` was read from RetailCRM; absent together with it. */
  @IsOptional()
  @IsISO8601()
  fetchedAt?: string;

  /** The order as `GET /api/v5/orders` gives it; absent: the consumer reads it. */
  @IsOptional()
  @IsObject()
  order?: Record<string, unknown>;

  /** A retry from the sync journal: run even when nothing changed since the last run. */
  @IsOptional()
  @IsInt()
  @IsPositive()
  journalId?: number;
}

export const OrderChangedV2Contract: MessageContract<OrderChangedV2> = {
  routingKey: 'order.changed.v2',
  payload: OrderChangedV2,
};
