import type { AccessSettingsDto } from './tabs/access.dto';
import type { CustomerSettingsDto } from './tabs/customers.dto';
import type { FieldSettingsDto } from './tabs/fields.dto';
import type { MindboxSettingsDto } from './tabs/mindbox.dto';
import type { OrderSettingsDto } from './tabs/orders.dto';
import type { ProductSettingsDto } from './tabs/products.dto';

/** The six tabs, by the names used in `PUT /api/v1/settings/{tab}`. */
export const TABS = ['access', 'mindbox', 'customers', 'orders', 'products', 'fields'] as const;
export type TabName = (typeof TABS)[number];

/** Each tab's body. */
export interface TabBodies {
  access: AccessSettingsDto;
  mindbox: MindboxSettingsDto;
  customers: CustomerSettingsDto;
  orders: OrderSettingsDto;
  products: ProductSettingsDto;
  fields: FieldSettingsDto;
}

/**
 * An account's settings with secrets in clear, as the workers use them; never answered or
 * logged. A tab not saved yet is null.
 */
export interface AccountSettings {
  accountId: string;
  active: boolean;
  frozen: boolean;
  access: Omit<AccessSettingsDto, 'hookUrl'>;
  mindbox: MindboxSettingsDto | null;
  customers: CustomerSettingsDto | null;
  orders: OrderSettingsDto | null;
  products: ProductSettingsDto | null;
  fields: FieldSettingsDto | null;
}
