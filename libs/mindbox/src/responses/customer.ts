import { MindboxBalance, parseBalances } from './balance';
import { asArray, asBoolean, asIds, asKnown, asRecord, asString } from './json';

/** `customer.processingStatus` values of the docs (reference §3.3); others read as 'unknown'. */
export const CUSTOMER_PROCESSING_STATUSES = [
  'Found',
  'NotFound',
  'Created',
  'Changed',
  'NotChanged',
  'AlreadyExists',
  'Ambiguous',
  'Unavailable',
  'DiscountCardIsBlocked',
] as const;

/** A customer's processing status. */
export type CustomerProcessingStatus = (typeof CUSTOMER_PROCESSING_STATUSES)[number] | 'unknown';

// Statuses after which Mindbox holds exactly one customer that the request identified.
const IDENTIFIED: readonly CustomerProcessingStatus[] = [
  'Found',
  'Created',
  'Changed',
  'NotChanged',
  'AlreadyExists',
];

/** One subscription of a customer. */
export interface MindboxSubscription {
  brand?: string;
  pointOfContact?: string;
  topic?: string;
  isSubscribed?: boolean;
}

/** A `customer` node of a response. Mindbox returns only the fields that are filled. */
export interface MindboxCustomer {
  processingStatus: CustomerProcessingStatus;
  rawProcessingStatus?: string;
  /** Whether the status says Mindbox identified one customer (Found, Created, Changed, NotChanged, AlreadyExists). */
  found: boolean;
  /** External ids by system name, values as strings (`mindboxId` arrives as a number or a string). */
  ids: Record<string, string>;
  mindboxId?: string;
  email?: string;
  mobilePhone?: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  birthDate?: string;
  sex?: string;
  subscriptions: MindboxSubscription[];
  /** Customer-level points balances, when the operation returns them. */
  balances: MindboxBalance[];
  customFields: Record<string, unknown>;
  /** The whole node as received. */
  raw: Record<string, unknown>;
}

/** The answer of a customer lookup (check, get-existing, get data). */
export interface MindboxCustomerLookup {
  /** True only when Mindbox identified one customer. */
  found: boolean;
  /** Undefined when the body has no `customer` node. */
  customer?: MindboxCustomer;
}

/** Reads a `subscriptions` array. */
export function parseSubscriptions(value: unknown): MindboxSubscription[] {
  return asArray(value).flatMap((entry) => {
    const node = asRecord(entry);
    if (node === undefined) return [];
    return [
      {
        brand: asString(node.brand),
        pointOfContact: asString(node.pointOfContact),
        topic: asString(node.topic),
        isSubscribed: asBoolean(node.isSubscribed),
      },
    ];
  });
}

/** Reads a `customer` node; undefined when it is not an object. */
export function parseCustomer(value: unknown): MindboxCustomer | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const rawProcessingStatus = asString(raw.processingStatus);
  const processingStatus = asKnown(CUSTOMER_PROCESSING_STATUSES, rawProcessingStatus);
  const ids = asIds(raw.ids);
  return {
    processingStatus,
    rawProcessingStatus,
    found: IDENTIFIED.includes(processingStatus),
    ids,
    mindboxId: ids.mindboxId,
    email: asString(raw.email),
    mobilePhone: asString(raw.mobilePhone),
    firstName: asString(raw.firstName),
    lastName: asString(raw.lastName),
    middleName: asString(raw.middleName),
    birthDate: asString(raw.birthDate),
    sex: asString(raw.sex),
    subscriptions: parseSubscriptions(raw.subscriptions),
    balances: parseBalances(raw.balances),
    customFields: asRecord(raw.customFields) ?? {},
    raw,
  };
}

/** Reads the `customer` of a lookup response: `{ status, customer: { processingStatus, ids } }`. */
export function parseCustomerLookup(body: unknown): MindboxCustomerLookup {
  const customer = parseCustomer(asRecord(body)?.customer);
  return { found: customer?.found ?? false, customer };
}
