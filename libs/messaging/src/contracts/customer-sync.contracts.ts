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
  IsUUID,
  MaxLength,
} from 'class-validator';
import { AccountMessage, MessageContract } from './message-contract';

/** Why customer-sync was asked to send a customer to Mindbox. */
export const CUSTOMER_SYNC_CAUSES = ['history', 'merge', 'first-order', 'retry'] as const;
export type CustomerSyncCause = (typeof CUSTOMER_SYNC_CAUSES)[number];

/**
 * A CRM customer to bring into Mindbox, with the customer as RetailCRM gave it when the message
 * was written (the poller reads up to 100 changed customers with one `customers` list call, so
 * the consumer needs no `customers/{id}` call per change). Supersedes `customer.changed.v1`,
 * which carries no snapshot; consumers still accept v1.
 */
export class CustomerChangedV2 extends AccountMessage {
  @IsInt()
  @IsPositive()
  customerId: number;

  @IsIn(CUSTOMER_SYNC_CAUSES)
  cause: CustomerSyncCause;

  /** History id of the newest change included, when history caused the message. */
  @IsOptional()
  @IsInt()
  @IsPositive()
  historyId?: number;

  /** History field names of the changes included (`first_name`, `phones`, ...). */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  fields: string[];

  /** When `customer` was read from RetailCRM; absent together with it. */
  @IsOptional()
  @IsISO8601()
  fetchedAt?: string;

  /** The customer as `GET /api/v5/customers` gives it; absent: the consumer reads it. */
  @IsOptional()
  @IsObject()
  customer?: Record<string, unknown>;

  /** A retry from the sync journal: send even when nothing changed since the last sync. */
  @IsOptional()
  @IsInt()
  @IsPositive()
  journalId?: number;
}

/** One customer of a full load, as the `customers` list page gave it. */
export class CustomerFullLoadItemV1 extends AccountMessage {
  /** The full-load run the customer belongs to; progress is counted per run. */
  @IsUUID()
  runId: string;

  @IsInt()
  @IsPositive()
  customerId: number;

  /** When the list page was read from RetailCRM. */
  @IsISO8601()
  fetchedAt: string;

  @IsObject()
  customer: Record<string, unknown>;
}

export const CustomerChangedV2Contract: MessageContract<CustomerChangedV2> = {
  routingKey: 'customer.changed.v2',
  payload: CustomerChangedV2,
};

export const CustomerFullLoadItem: MessageContract<CustomerFullLoadItemV1> = {
  routingKey: 'customer.full-load-item.v1',
  payload: CustomerFullLoadItemV1,
};
