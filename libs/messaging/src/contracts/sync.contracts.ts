import { ArrayMaxSize, IsArray, IsInt, IsPositive, IsString, MaxLength } from 'class-validator';
import { AccountMessage, MessageContract } from './message-contract';

/**
 * A CRM customer changed in fields the module maps; customer-sync's poller emits it from
 * `customers/history`, one per customer per batch.
 */
export class CustomerChangedV1 extends AccountMessage {
  @IsInt()
  @IsPositive()
  customerId: number;

  /** History id of the newest change included, to order changes of one customer. */
  @IsInt()
  @IsPositive()
  historyId: number;

  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  fields: string[];
}

/** A CRM order changed; order-processing's poller emits it from `orders/history`, one per order per batch. */
export class OrderChangedV1 extends AccountMessage {
  @IsInt()
  @IsPositive()
  orderId: number;

  @IsInt()
  @IsPositive()
  historyId: number;

  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  fields: string[];
}

export const CustomerChanged: MessageContract<CustomerChangedV1> = {
  routingKey: 'customer.changed.v1',
  payload: CustomerChangedV1,
};

export const OrderChanged: MessageContract<OrderChangedV1> = {
  routingKey: 'order.changed.v1',
  payload: OrderChangedV1,
};
