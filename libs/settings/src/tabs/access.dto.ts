import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { IsCrmCodeList } from './settings.validators';

/** "Access" tab: the RetailCRM account and the shops the module works with. */
export class AccessSettingsDto {
  @IsUrl(
    { require_protocol: true, protocols: ['https', 'http'], require_tld: false },
    { message: 'retailcrmUrl must be the address of your RetailCRM, e.g. https://shop.retailcrm.ru' },
  )
  @MaxLength(255)
  retailcrmUrl: string;

  /** Secret: answered masked; a masked value sent back keeps the stored key. */
  @IsString()
  @MaxLength(128)
  apiKey: string;

  @IsCrmCodeList()
  sites: string[];

  /** Read-only: the "callback for acceleration" URL of this account; ignored on save. */
  @IsOptional()
  @IsString()
  hookUrl?: string;
}
