import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsMindboxName, IsStringRecord } from './settings.validators';

export const RETAILCRM_PRODUCT_FIELDS = [
  'offer.externalId',
  'offer.xmlId',
  'offer.article',
  'offer.id',
] as const;
export type RetailCrmProductField = (typeof RETAILCRM_PRODUCT_FIELDS)[number];

export class ProductIdsDto {
  @IsIn(RETAILCRM_PRODUCT_FIELDS, {
    message: `retailcrmField must be one of ${RETAILCRM_PRODUCT_FIELDS.join(', ')}`,
  })
  retailcrmField: RetailCrmProductField;

  @IsMindboxName()
  mindboxKey: string;
}

/** "Products" tab. */
export class ProductSettingsDto {
  @IsObject({ message: '$property is required' })
  @ValidateNested()
  @Type(() => ProductIdsDto)
  ids: ProductIdsDto;

  @IsBoolean()
  skipPriceWriteback: boolean;

  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  serviceProductIds: string[];

  /** RetailCRM item status code -> Mindbox line status externalId. */
  @IsStringRecord()
  statusMap: Record<string, string>;

  /** Read-only: the address of this account's product feed for Mindbox; ignored on save. */
  @IsOptional()
  @IsString()
  feedUrl?: string;
}
