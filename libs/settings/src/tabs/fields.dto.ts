import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsCrmCode, IsMindboxName } from './settings.validators';

export class MindboxFieldsDto {
  @IsOptional()
  @IsMindboxName()
  customerRegistrationDate?: string;

  @IsOptional()
  @IsMindboxName()
  customerCity?: string;

  @IsOptional()
  @IsMindboxName()
  orderAddress?: string;

  @IsOptional()
  @IsMindboxName()
  orderDeliveryCode?: string;

  @IsOptional()
  @IsMindboxName()
  orderCustomerType?: string;
}

export class RetailCrmFieldsDto {
  /** Order custom field (integer) that receives Mindbox's discount sum. */
  @IsOptional()
  @IsCrmCode()
  discountAmountField?: string;

  /** Order custom field (string) that holds the promo code. */
  @IsOptional()
  @IsCrmCode()
  promoCodeField?: string;
}

/** "Additional fields" tab. */
export class FieldSettingsDto {
  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => MindboxFieldsDto)
  mindbox: MindboxFieldsDto;

  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => RetailCrmFieldsDto)
  retailcrm: RetailCrmFieldsDto;
}
