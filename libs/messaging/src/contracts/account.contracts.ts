import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AccountMessage, MessageContract } from './message-contract';

/** The account was activated, deactivated or frozen in RetailCRM. */
export class AccountActivityChangedV1 extends AccountMessage {
  @IsBoolean()
  active: boolean;

  @IsBoolean()
  frozen: boolean;
}

/** A settings tab of the account was saved. */
export class AccountSettingsChangedV1 extends AccountMessage {
  @IsIn(['access', 'mindbox', 'customers', 'orders', 'products', 'fields'])
  tab: string;
}

/** The account's hook URL was called: poll the entity's history now instead of at the next tick. */
export class SyncRequestedV1 extends AccountMessage {
  @IsIn(['customers', 'orders'])
  entity: 'customers' | 'orders';

  /** CRM id or externalId the caller named, if any; informative only. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  hint?: string;
}

export const AccountActivityChanged: MessageContract<AccountActivityChangedV1> = {
  routingKey: 'account.activity-changed.v1',
  payload: AccountActivityChangedV1,
};

export const AccountSettingsChanged: MessageContract<AccountSettingsChangedV1> = {
  routingKey: 'account.settings-changed.v1',
  payload: AccountSettingsChangedV1,
};

export const SyncRequested: MessageContract<SyncRequestedV1> = {
  routingKey: 'sync.requested.v1',
  payload: SyncRequestedV1,
};
