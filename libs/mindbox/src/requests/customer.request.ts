import type { MindboxCustomFields, MindboxIds, MindboxRef } from './common.request';

/** One subscription to send: channel and topic, per brand. */
export interface MindboxSubscriptionRequest {
  /** The brand's system name, when the project has several. */
  brand?: string;
  /** Channel: `Email`, `Sms`, `Viber`, … (push spellings differ by project, reference §3.2). */
  pointOfContact: string;
  topic?: string;
  isSubscribed: boolean;
}

/**
 * A `customer` node of a request: only `ids` to point at a customer (orders, lookups), or data
 * too (import, edit). Send `"%CLEAR%"` in a string field to clear it.
 */
export interface MindboxCustomerRequest {
  ids?: MindboxIds;
  discountCard?: MindboxRef<{ number: string }>;
  email?: string;
  mobilePhone?: string | number;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  fullName?: string;
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: 'male' | 'female';
  timeZone?: string;
  area?: MindboxRef;
  customFields?: MindboxCustomFields;
  subscriptions?: MindboxSubscriptionRequest[];
}

/** Body of customer operations (register, edit, check, get data, points balance). */
export interface MindboxCustomerOperationRequest {
  customer: MindboxCustomerRequest;
  pointOfContact?: string;
  executionDateTimeUtc?: string;
}
