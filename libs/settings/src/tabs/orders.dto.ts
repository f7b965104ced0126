import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCrmCode, IsCrmCodeList, IsMindboxName, IsOperationName } from './settings.validators';

export class OrderOperationsDto {
  @IsOptional()
  @IsOperationName()
  calculate?: string;

  @IsOptional()
  @IsOperationName()
  beginTransaction?: string;

  @IsOptional()
  @IsOperationName()
  commitTransaction?: string;

  @IsOptional()
  @IsOperationName()
  rollbackTransaction?: string;

  @IsOptional()
  @IsOperationName()
  updateLineStatus?: string;
}

export class OrderIdsDto {
  /** The Mindbox order identifier the CRM order id is sent under. */
  @IsMindboxName()
  orderIdKey: string;

  /** The Mindbox order identifier the CRM order externalId is sent under. */
  @IsMindboxName()
  orderExternalIdKey: string;
}

export class OrderConditionsDto {
  @IsCrmCodeList()
  orderMethods: string[];

  @IsCrmCodeList()
  calculateStatuses: string[];

  @IsCrmCodeList()
  transactionStatuses: string[];

  @IsCrmCodeList()
  transactionWithDiscountStatuses: string[];

  @IsCrmCodeList()
  lineStatusStatuses: string[];
}

export class PricePropertyDto {
  @IsCrmCode()
  code: string;

  @IsString()
  @MaxLength(100)
  name: string;
}

export class OrderExtraDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  pointOfContact?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PricePropertyDto)
  priceProperty?: PricePropertyDto;

  /** Mindbox external promotion that carries RetailCRM's own manual discount. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  discountPromotionId?: string;
}

/** "Orders" tab: operations, identifiers and the status rules. */
export class OrderSettingsDto {
  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => OrderOperationsDto)
  operations: OrderOperationsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => OrderIdsDto)
  ids: OrderIdsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => OrderConditionsDto)
  conditions: OrderConditionsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => OrderExtraDto)
  extra: OrderExtraDto;
}
