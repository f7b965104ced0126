import type { Address, CustomField, Customer, CustomerSubscription, JsonObject } from './crm.types';
import { InputReader, isObject } from './input-reader';

/** What applying customer input needs besides the input. */
export interface CustomerInputContext {
  /** Custom fields of the `customer` entity; values of other codes are dropped, as the CRM does. */
  customFields: CustomField[];
  /** The current time as the CRM writes it. */
  now: string;
  nextAddressId: () => number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TAG_COLORS = ['#3e89b6', '#eff8e3', '#ef5e67', '#f3c44d'];

/** The default marketing subscription every customer has. */
export function emailSubscription(subscribed: boolean, changedAt?: string): CustomerSubscription {
  return {
    subscription: {
      id: 2,
      channel: 'email',
      name: 'Без тематики',
      code: 'default_marketing',
      active: true,
      autoSubscribe: true,
      ordering: 1,
    },
    subscribed,
    ...(changedAt ? { changedAt } : {}),
  };
}

/** A customer with nothing but what the CRM fills in itself. */
export function blankCustomer(id: number, site: string, createdAt: string): Customer {
  return {
    type: 'customer',
    id,
    isContact: false,
    createdAt,
    vip: false,
    bad: false,
    site,
    contragent: { contragentType: 'individual' },
    tags: [],
    marginSumm: 0,
    totalSumm: 0,
    averageSumm: 0,
    ordersCount: 0,
    costSumm: 0,
    customFields: {},
    personalDiscount: 0,
    cumulativeDiscount: 0,
    segments: [],
    phones: [],
    customerSubscriptions: [emailSubscription(true)],
    mgCustomers: [],
  };
}

/**
 * Sets `key` unless the input left it out; null clears it. A cleared field is set to undefined,
 * not deleted: JSON leaves it out all the same, and objects keep their fast shape.
 */
export function assign<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | null | undefined,
): void {
  if (value === undefined) return;
  target[key] = (value === null ? undefined : value) as T[K];
}

/** Guesses the sex from a Russian patronymic or first name, as the CRM's `presumableSex` does. */
export function presumeSex(customer: Pick<Customer, 'firstName' | 'patronymic'>): string | undefined {
  const patronymic = customer.patronymic?.toLowerCase() ?? '';
  if (/(ич|ыч)$/.test(patronymic)) return 'male';
  if (/(на|зы)$/.test(patronymic)) return 'female';
  const name = customer.firstName?.toLowerCase() ?? '';
  if (!name) return undefined;
  return /[ая]$/.test(name) ? 'female' : 'male';
}

/** Reads an address object over `base`; a new address gets an id. */
export function readAddress(
  reader: InputReader | undefined,
  base: Address | undefined,
  nextId?: () => number,
): Address | undefined {
  if (!reader) return undefined;
  const address: Address = { ...base };
  if (nextId && address.id === undefined) address.id = nextId();
  for (const key of [
    'index',
    'countryIso',
    'region',
    'city',
    'cityType',
    'street',
    'streetType',
    'building',
    'flat',
    'house',
    'housing',
    'metro',
    'notes',
    'text',
  ] as const) {
    assign(address, key, reader.string(key));
  }
  for (const key of ['regionId', 'cityId', 'streetId', 'floor', 'block'] as const) {
    assign(address, key, reader.integer(key));
  }
  return address;
}

/** Reads `customFields` over `base`, keeping only the codes the account has for the entity. */
export function readCustomFields(reader: InputReader, base: JsonObject, fields: CustomField[]): JsonObject {
  const input = reader.child('customFields');
  if (!input) return base;
  const result: JsonObject = { ...base };
  for (const field of fields) {
    if (!input.has(field.code)) continue;
    const value = readCustomValue(input, field);
    if (value === undefined) continue;
    if (value === null) delete result[field.code];
    else result[field.code] = value;
  }
  return result;
}

function readCustomValue(input: InputReader, field: CustomField): JsonObject[string] | null | undefined {
  switch (field.type) {
    case 'boolean':
      return input.raw(field.code) === null ? null : input.boolean(field.code);
    case 'integer':
      return input.integer(field.code);
    case 'numeric':
      return input.number(field.code);
    case 'date':
      return input.date(field.code);
    case 'datetime':
      return input.date(field.code, true);
    case 'email': {
      const value = input.string(field.code);
      return typeof value === 'string' && !EMAIL.test(value)
        ? input.fail(field.code, 'This value is not a valid email address.')
        : value;
    }
    case 'multiselect_dictionary': {
      const value = input.raw(field.code);
      if (value === null) return null;
      return Array.isArray(value)
        ? value.map(String)
        : input.fail(field.code, 'This value should be of type array.');
    }
    default:
      return input.string(field.code);
  }
}

/**
 * Applies a `customer` JSON (create or edit) over `base` and answers the new customer; throws the
 * API's validation error naming every bad field.
 */
export function applyCustomerInput(
  base: Customer,
  input: JsonObject,
  context: CustomerInputContext,
): Customer {
  const reader = new InputReader(input);
  const next: Customer = { ...base };

  assign(next, 'externalId', reader.string('externalId'));
  for (const key of ['firstName', 'lastName', 'patronymic', 'commentary', 'discountCardNumber'] as const) {
    assign(next, key, reader.string(key));
  }
  const sex = reader.string('sex');
  if (typeof sex === 'string' && sex !== 'male' && sex !== 'female')
    reader.fail('sex', 'This value is not valid.');
  else assign(next, 'sex', sex);
  assign(next, 'birthday', reader.date('birthday'));
  assign(next, 'managerId', reader.integer('managerId'));
  assign(next, 'personalDiscount', reader.number('personalDiscount') ?? undefined);
  assign(next, 'vip', reader.boolean('vip'));
  assign(next, 'bad', reader.boolean('bad'));
  assign(next, 'isContact', reader.boolean('isContact'));
  if (!base.createdAt || reader.has('createdAt'))
    assign(next, 'createdAt', reader.date('createdAt', true) ?? undefined);

  const email = reader.string('email');
  if (typeof email === 'string' && !EMAIL.test(email))
    reader.fail('email', 'This value is not a valid email address.');
  else assign(next, 'email', email);

  const phones = reader.list('phones');
  if (phones) {
    next.phones = phones
      .map((phone) => phone.string('number'))
      .filter((number): number is string => typeof number === 'string')
      .map((number) => ({ number }));
  }

  const address = readAddress(reader.child('address'), base.address, context.nextAddressId);
  if (address) next.address = address;
  else if (reader.raw('address') === null) next.address = undefined;

  const contragent = reader.child('contragent');
  const contragentType = contragent?.string('contragentType');
  if (contragentType) next.contragent = { contragentType };

  const tags = reader.raw('tags');
  if (Array.isArray(tags)) {
    next.tags = tags.flatMap((tag, index) => {
      const name =
        typeof tag === 'string' ? tag : isObject(tag) && typeof tag.name === 'string' ? tag.name : '';
      return name ? [{ name, color: TAG_COLORS[index % TAG_COLORS.length], attached: false }] : [];
    });
  }

  const unsubscribedAt = reader.date('emailMarketingUnsubscribedAt', true);
  const subscribed = reader.boolean('subscribed');
  if (unsubscribedAt !== undefined) assign(next, 'emailMarketingUnsubscribedAt', unsubscribedAt);
  else if (subscribed === false && !next.emailMarketingUnsubscribedAt)
    next.emailMarketingUnsubscribedAt = context.now;
  else if (subscribed === true) next.emailMarketingUnsubscribedAt = undefined;
  if (unsubscribedAt !== undefined || subscribed !== undefined) {
    const isSubscribed = !next.emailMarketingUnsubscribedAt;
    next.customerSubscriptions = next.customerSubscriptions.map((entry) =>
      entry.subscription.channel === 'email' && entry.subscribed !== isSubscribed
        ? { ...entry, subscribed: isSubscribed, changedAt: context.now }
        : entry,
    );
  }

  next.customFields = readCustomFields(reader, base.customFields, context.customFields);
  reader.throwIfInvalid();

  const presumed = presumeSex(next);
  if (next.sex) next.presumableSex = next.sex;
  else if (presumed) next.presumableSex = presumed;
  return next;
}
