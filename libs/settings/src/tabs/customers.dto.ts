import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCrmCode, IsMindboxName, IsOperationName } from './settings.validators';

export class CustomerOperationsDto {
  @IsOperationName()
  import: string;

  @IsOperationName()
  getExisting: string;

  @IsOperationName()
  edit: string;

  @IsOptional()
  @IsOperationName()
  confirmMobilePhone?: string;
}

export class CustomerIdsDto {
  /** The Mindbox identifier the CRM customer id is sent under. */
  @IsMindboxName()
  customerIdKey: string;

  /** A CRM customer custom field that receives the Mindbox internal id. */
  @IsOptional()
  @IsCrmCode()
  mindboxIdCustomField?: string;
}

export class CustomerSubscriptionsDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  topic?: string;

  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  pointsOfContact: string[];
}

/** "Customers" tab. */
export class CustomerSettingsDto {
  @IsBoolean()
  syncWithoutOrders: boolean;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => CustomerOperationsDto)
  operations: CustomerOperationsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => CustomerIdsDto)
  ids: CustomerIdsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => CustomerSubscriptionsDto)
  subscriptions: CustomerSubscriptionsDto;
}
