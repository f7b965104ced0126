import { IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';

/** "Mindbox access" tab: where and how the module calls the shop's Mindbox project. */
export class MindboxSettingsDto {
  @IsUrl(
    { require_protocol: true, protocols: ['https', 'http'], require_tld: false },
    { message: 'apiUrl must be a URL such as https://api.mindbox.ru' },
  )
  @MaxLength(255)
  apiUrl: string = 'https://api.mindbox.ru';

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'endpointId must be the endpoint system name from Mindbox' })
  endpointId: string;

  /** Secret: answered masked; a masked value sent back keeps the stored key. */
  @IsString()
  @MaxLength(256)
  secretKey: string;

  @IsOptional()
  @IsUUID('all', { message: 'deviceUuid must be a UUID' })
  deviceUuid?: string;

  @IsString()
  @MaxLength(100)
  brand: string;
}
