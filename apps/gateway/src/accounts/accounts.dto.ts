import { IsNotEmpty, IsString, IsUrl, MaxLength } from 'class-validator';

/** `POST /api/v1/accounts`: a manual connection, the address and key typed by the manager. */
export class ConnectAccountDto {
  @IsUrl(
    { require_protocol: true, protocols: ['https', 'http'], require_tld: false },
    { message: 'Enter the address of your RetailCRM, e.g. https://shop.retailcrm.ru' },
  )
  @MaxLength(255)
  retailcrmUrl: string;

  @IsString()
  @IsNotEmpty({ message: 'Enter the API key' })
  @MaxLength(128)
  apiKey: string;
}
