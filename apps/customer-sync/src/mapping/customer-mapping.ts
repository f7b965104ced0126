import { createHash } from 'node:crypto';
import type { MindboxCustomerRequest, MindboxCustomFields } from '@app/mindbox';
import type { Customer } from '@app/retailcrm';
import type { CustomerMappingSettings } from './mapping-settings';
import { mainPhone } from './phone';
import { mapSubscriptions } from './subscriptions';

/** Mindbox's value that clears a field (reference §3.1). */
export const CLEAR = '%CLEAR%';

/** Mindbox customer fields that can be cleared when the CRM clears them. */
export type ClearableField =
  'firstName' | 'lastName' | 'middleName' | 'email' | 'mobilePhone' | 'birthDate' | 'sex';

/** Body of the import and edit operations. */
export interface MindboxCustomerBody {
  customer: MindboxCustomerRequest;
}

/** A CRM customer mapped for Mindbox. */
export interface MappedCustomer {
  /** The body to send. */
  body: MindboxCustomerBody;
  /** The phone sent, normalised; undefined when the CRM has none that is valid. */
  mobilePhone?: string;
  /**
   * Hash of the body without clears: equal hashes mean Mindbox would receive the same data, so a
   * change that leaves it equal (or the echo of the module's own write) needs no call.
   */
  hash: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
};

/** `Y-m-d` of a CRM date or date-time (`Y-m-d H:i:s`), or undefined. */
function datePart(value: unknown): string | undefined {
  const day = text(value)?.slice(0, 10);
  return day && DATE.test(day) && !Number.isNaN(Date.parse(day)) ? day : undefined;
}

/** The Mindbox ids of a CRM customer: its CRM id under the configured key. */
export function customerIds(customerId: number, settings: Pick<CustomerMappingSettings, 'customerIdKey'>) {
  return { [settings.customerIdKey]: String(customerId) };
}

function customFieldsOf(
  customer: Customer,
  settings: CustomerMappingSettings,
): MindboxCustomFields | undefined {
  const fields: MindboxCustomFields = {};
  if (settings.registrationDateField) {
    const registered = datePart(customer.createdAt);
    if (registered) fields[settings.registrationDateField] = registered;
  }
  if (settings.cityField) {
    const city = text(customer.address?.city);
    if (city) fields[settings.cityField] = city;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** JSON with object keys sorted, so that equal data always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Maps a RetailCRM customer to the body of Mindbox's import and edit operations, following the
 * tabs: the CRM id under the identifier key; names, e-mail, the main phone (digits with the
 * country code), birth date and sex when the CRM has them; marketing subscriptions of the
 * configured channels; the registration date and city under the additional field names the
 * "Additional fields" tab gives. Nothing is sent for a field the tabs leave empty, nor for a value
 * the CRM does not have, except the `clear` fields, which are sent as `%CLEAR%` (the CRM cleared
 * them; only sensible in an edit). Pure: no I/O.
 */
export function mapCustomer(
  customer: Customer,
  settings: CustomerMappingSettings,
  clear: ReadonlySet<ClearableField> = new Set(),
): MappedCustomer {
  const mobilePhone = mainPhone(customer.phones);
  const sex = customer.sex === 'male' || customer.sex === 'female' ? customer.sex : undefined;
  const values: Record<ClearableField, string | undefined> = {
    firstName: text(customer.firstName),
    lastName: text(customer.lastName),
    middleName: text(customer.patronymic),
    email: text(customer.email),
    mobilePhone,
    birthDate: datePart(customer.birthday),
    sex,
  };
  const node: MindboxCustomerRequest = { ids: customerIds(customer.id, settings) };
  for (const [field, value] of Object.entries(values) as [ClearableField, string | undefined][]) {
    if (value !== undefined) (node as Record<string, unknown>)[field] = value;
  }
  const customFields = customFieldsOf(customer, settings);
  if (customFields) node.customFields = customFields;
  const subscriptions = mapSubscriptions(customer, settings);
  if (subscriptions.length > 0) node.subscriptions = subscriptions;

  const hash = createHash('sha256').update(canonical(node)).digest('hex');
  const body: MindboxCustomerBody = { customer: { ...node } };
  for (const field of clear) {
    if (values[field] === undefined) (body.customer as Record<string, unknown>)[field] = CLEAR;
  }
  return { body, mobilePhone, hash };
}
