/** JSON values as the simulated API reads and writes them. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Who made a change: a request with an API key, a manager in the CRM UI, or the CRM itself. */
export type Actor =
  { source: 'api'; apiKey: string } | { source: 'user'; userId: number } | { source: 'code' };

/** An API key of an account: what it may call and which shops it reaches. */
export interface ApiKey {
  key: string;
  scopes: string[];
  /** Shop codes this key reaches; `undefined` means all shops (`access_full`). */
  sites?: string[];
}

export interface Address {
  id?: number;
  index?: string;
  countryIso?: string;
  region?: string;
  regionId?: number;
  city?: string;
  cityId?: number;
  cityType?: string;
  street?: string;
  streetId?: number;
  streetType?: string;
  building?: string;
  flat?: string;
  floor?: number;
  block?: number;
  house?: string;
  housing?: string;
  metro?: string;
  notes?: string;
  text?: string;
}

export interface Tag {
  name: string;
  color: string;
  attached: boolean;
}

export interface CustomerSubscription {
  subscription: {
    id: number;
    channel: string;
    name: string;
    code: string;
    active: boolean;
    autoSubscribe: boolean;
    ordering: number;
  };
  subscribed: boolean;
  changedAt?: string;
}

/** A customer as the CRM keeps it; every change makes a new object (history keeps the old ones). */
export interface Customer {
  type: 'customer';
  id: number;
  externalId?: string;
  isContact: boolean;
  createdAt: string;
  managerId?: number;
  vip: boolean;
  bad: boolean;
  site: string;
  contragent: { contragentType: string };
  tags: Tag[];
  marginSumm: number;
  totalSumm: number;
  averageSumm: number;
  ordersCount: number;
  costSumm: number;
  customFields: JsonObject;
  personalDiscount: number;
  cumulativeDiscount: number;
  discountCardNumber?: string;
  address?: Address;
  segments: JsonObject[];
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  sex?: string;
  presumableSex?: string;
  birthday?: string;
  email?: string;
  emailMarketingUnsubscribedAt?: string;
  commentary?: string;
  phones: { number: string }[];
  customerSubscriptions: CustomerSubscription[];
  mgCustomers: JsonObject[];
}

export interface Unit {
  code: string;
  name: string;
  sym: string;
}

/** An offer of the account's catalogue, as order items show it. */
export interface Offer {
  displayName: string;
  id: number;
  externalId?: string;
  xmlId?: string;
  name: string;
  article?: string;
  vatRate: string;
  unit: Unit;
  price: number;
  purchasePrice: number;
}

export interface OrderItem {
  markingCodes: string[];
  id: number;
  externalIds?: { code: string; value: string }[];
  priceType: { code: string };
  initialPrice: number;
  discountManualAmount?: number;
  discountManualPercent?: number;
  discountTotal: number;
  prices: { price: number; quantity: number }[];
  discounts: { type: string; amount: number }[];
  vatRate: string;
  createdAt: string;
  quantity: number;
  status: string;
  comment?: string;
  offer?: Omit<Offer, 'price' | 'purchasePrice'>;
  productName?: string;
  properties: JsonObject[];
  purchasePrice: number;
}

export interface Payment {
  id: number;
  status: string;
  type: string;
  externalId?: string;
  amount: number;
  paidAt?: string;
  comment?: string;
}

export interface Delivery {
  code?: string;
  service?: { name: string; code: string; active: boolean };
  cost: number;
  netCost: number;
  date?: string;
  address: Address;
}

/** An order as the CRM keeps it; `customerId` links the customer rendered inside it. */
export interface Order {
  slug: number;
  bonusesCreditTotal: number;
  bonusesChargeTotal: number;
  id: number;
  number: string;
  externalId?: string;
  orderType: string;
  orderMethod: string;
  privilegeType: string;
  countryIso: string;
  createdAt: string;
  statusUpdatedAt: string;
  summ: number;
  currency: string;
  totalSumm: number;
  prepaySum: number;
  purchaseSumm: number;
  markDatetime: string;
  firstName?: string;
  lastName?: string;
  patronymic?: string;
  phone?: string;
  additionalPhone?: string;
  email?: string;
  call: boolean;
  expired: boolean;
  managerId?: number;
  managerComment?: string;
  customerComment?: string;
  applyRound: boolean;
  discountManualAmount?: number;
  discountManualPercent?: number;
  customerId: number;
  contragent: { contragentType: string };
  delivery: Delivery;
  site: string;
  status: string;
  statusComment?: string;
  items: OrderItem[];
  payments: Payment[];
  fullPaidAt?: string;
  fromApi: boolean;
  weight?: number;
  length?: number;
  width?: number;
  height?: number;
  shipmentStore?: string;
  shipmentDate?: string;
  shipped: boolean;
  customFields: JsonObject;
}

/** A custom field definition (`/api/v5/custom-fields`). */
export interface CustomField {
  name: string;
  code: string;
  required: boolean;
  inFilter: boolean;
  inList: boolean;
  inGroupActions: boolean;
  type: string;
  entity: 'customer' | 'order' | 'loyalty_account';
  ordering: number;
  displayArea: string;
  viewMode: string;
  dictionary?: string;
  default?: string;
}

/** The dictionaries of an account, each keyed by code like the API answers them. */
export interface References {
  sites: Record<string, JsonObject>;
  statuses: Record<string, { name: string; code: string; active: boolean; ordering: number; group: string }>;
  statusGroups: Record<
    string,
    { name: string; code: string; active: boolean; ordering: number; process: boolean; statuses: string[] }
  >;
  orderMethods: Record<string, JsonObject>;
  orderTypes: Record<string, JsonObject>;
  productStatuses: Record<string, JsonObject>;
  paymentTypes: Record<string, JsonObject>;
  paymentStatuses: Record<string, JsonObject>;
  deliveryTypes: Record<string, JsonObject>;
  stores: Record<string, JsonObject>;
  settings: JsonObject;
}
