import { IsOptional } from 'class-validator';
import {
  AccessSettingsDto,
  CustomerSettingsDto,
  FieldSettingsDto,
  MindboxSettingsDto,
  OrderSettingsDto,
  ProductSettingsDto,
  TabName,
} from '@app/settings';

/**
 * The "Access" tab as the settings page sends it: the API key may be left out or sent back
 * masked (`••••1234`), which keeps the stored key.
 */
export class AccessTabInput extends AccessSettingsDto {
  @IsOptional()
  override apiKey: string;
}

/** The "Mindbox access" tab as sent: the secret key may be left out or masked, like the API key. */
export class MindboxTabInput extends MindboxSettingsDto {
  @IsOptional()
  override secretKey: string;
}

/** The class each tab's body is validated with. */
export const TAB_INPUTS: Record<TabName, new () => object> = {
  access: AccessTabInput,
  mindbox: MindboxTabInput,
  customers: CustomerSettingsDto,
  orders: OrderSettingsDto,
  products: ProductSettingsDto,
  fields: FieldSettingsDto,
};
