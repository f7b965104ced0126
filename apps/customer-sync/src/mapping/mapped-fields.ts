import type { ClearableField } from './customer-mapping';
import type { CustomerMappingSettings } from './mapping-settings';

// History field names (snake_case, as RetailCRM writes them) of the fields the mapping reads.
const PERSON_FIELDS: Record<string, ClearableField> = {
  first_name: 'firstName',
  last_name: 'lastName',
  patronymic: 'middleName',
  email: 'email',
  phones: 'mobilePhone',
  birthday: 'birthDate',
  sex: 'sex',
};

const CONSENT_FIELDS = new Set(['email_marketing_unsubscribed_at', 'subscribed']);

/**
 * Whether a change of the history field `field` can change what is sent to Mindbox, given the
 * tabs. Marketing consent counts only when subscriptions are configured, the address city and
 * the creation date only when their additional fields are named. The Mindbox id custom field is
 * watched too: when someone else overwrites it, the sync puts the id back.
 */
export function isMappedHistoryField(field: string, settings: CustomerMappingSettings): boolean {
  if (field in PERSON_FIELDS) return true;
  if (settings.pointsOfContact.length > 0) {
    if (CONSENT_FIELDS.has(field)) return true;
    if (field.startsWith('customer_subscriptions') || field.startsWith('subscriptions')) return true;
  }
  if (field === 'address.city' || field === 'address') return settings.cityField !== undefined;
  if (field === 'created_at') return settings.registrationDateField !== undefined;
  if (settings.mindboxIdCustomField && field === `custom_${settings.mindboxIdCustomField}`) return true;
  return false;
}

/** The Mindbox fields the given history fields write, for sending `%CLEAR%` when the CRM emptied them. */
export function clearableFieldsOf(fields: readonly string[]): Set<ClearableField> {
  const result = new Set<ClearableField>();
  for (const field of fields) {
    const mapped = PERSON_FIELDS[field];
    if (mapped) result.add(mapped);
  }
  return result;
}
