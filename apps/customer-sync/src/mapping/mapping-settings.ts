import type { AccountSettings } from '@app/settings';

/**
 * What the mapping reads from the "Customers", "Mindbox access" and "Additional fields" tabs.
 * Optional entries are the ones a tab may leave empty; empty means "not sent".
 */
export interface CustomerMappingSettings {
  /** The Mindbox identifier the CRM customer id goes under (`customers.ids.customerIdKey`). */
  customerIdKey: string;
  /** The brand of the subscriptions (`mindbox.brand`). */
  brand?: string;
  /** The subscription topic (`customers.subscriptions.topic`). */
  topic?: string;
  /** Mindbox channels whose subscription follows the CRM's marketing consent. */
  pointsOfContact: string[];
  /** Mindbox additional field of the registration date (`fields.mindbox.customerRegistrationDate`). */
  registrationDateField?: string;
  /** Mindbox additional field of the city (`fields.mindbox.customerCity`). */
  cityField?: string;
  /** CRM customer custom field that receives the Mindbox id (`customers.ids.mindboxIdCustomField`). */
  mindboxIdCustomField?: string;
}

const filled = (value: string | undefined | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The mapping's view of an account's settings; null while the Customers tab is not saved. */
export function mappingSettingsOf(
  settings: Pick<AccountSettings, 'customers' | 'mindbox' | 'fields'>,
): CustomerMappingSettings | null {
  const { customers, mindbox, fields } = settings;
  if (!customers) return null;
  return {
    customerIdKey: customers.ids.customerIdKey,
    brand: filled(mindbox?.brand),
    topic: filled(customers.subscriptions?.topic),
    pointsOfContact: (customers.subscriptions?.pointsOfContact ?? []).map((p) => p.trim()).filter(Boolean),
    registrationDateField: filled(fields?.mindbox?.customerRegistrationDate),
    cityField: filled(fields?.mindbox?.customerCity),
    mindboxIdCustomField: filled(customers.ids.mindboxIdCustomField),
  };
}
