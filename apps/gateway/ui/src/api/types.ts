// Shapes of the gateway's settings API (DESIGN.md, "Settings" and "Contract details"). They mirror
// the DTOs of libs/settings; the page keeps its own copy because it is built apart from the server.

export interface AccessTab {
  retailcrmUrl: string;
  /** Secret: answered masked (`••••abcd`); sending the mask back keeps the stored key. */
  apiKey: string;
  sites: string[];
  /** Read-only; ignored on save. */
  hookUrl?: string;
}

export interface MindboxTab {
  apiUrl: string;
  endpointId: string;
  /** Secret, as `apiKey`. */
  secretKey: string;
  deviceUuid?: string;
  brand: string;
}

export interface CustomersTab {
  syncWithoutOrders: boolean;
  operations: { import: string; getExisting: string; edit: string; confirmMobilePhone?: string };
  ids: { customerIdKey: string; mindboxIdCustomField?: string };
  subscriptions: { topic?: string; pointsOfContact: string[] };
}

export interface OrdersTab {
  operations: {
    calculate?: string;
    beginTransaction?: string;
    commitTransaction?: string;
    rollbackTransaction?: string;
    updateLineStatus?: string;
  };
  ids: { orderIdKey: string; orderExternalIdKey: string };
  conditions: {
    orderMethods: string[];
    calculateStatuses: string[];
    transactionStatuses: string[];
    transactionWithDiscountStatuses: string[];
    lineStatusStatuses: string[];
  };
  extra: {
    pointOfContact?: string;
    priceProperty?: { code: string; name: string };
    discountPromotionId?: string;
  };
}

export const PRODUCT_ID_FIELDS = ['offer.externalId', 'offer.xmlId', 'offer.article', 'offer.id'] as const;
export type ProductIdField = (typeof PRODUCT_ID_FIELDS)[number];

export interface ProductsTab {
  ids: { retailcrmField: ProductIdField; mindboxKey: string };
  skipPriceWriteback: boolean;
  serviceProductIds: string[];
  /** RetailCRM item status code -> Mindbox line status externalId. */
  statusMap: Record<string, string>;
}

export interface FieldsTab {
  mindbox: {
    customerRegistrationDate?: string;
    customerCity?: string;
    orderAddress?: string;
    orderDeliveryCode?: string;
    orderCustomerType?: string;
  };
  retailcrm: { discountAmountField?: string; promoCodeField?: string };
}

/** The body of `PUT /api/v1/settings/{tab}`, by tab name. */
export interface TabBodies {
  access: AccessTab;
  mindbox: MindboxTab;
  customers: CustomersTab;
  orders: OrdersTab;
  products: ProductsTab;
  fields: FieldsTab;
}

export type TabName = keyof TabBodies;
export const TAB_NAMES: readonly TabName[] = [
  'access',
  'mindbox',
  'customers',
  'orders',
  'products',
  'fields',
];

/** `GET /api/v1/settings`: every tab, null until first saved. */
export type SettingsView = { [K in TabName]: TabBodies[K] | null };

/** One entry of a RetailCRM dictionary. */
export interface RefItem {
  code: string;
  name: string;
  active?: boolean;
  /** Order statuses: the code of their group. */
  group?: string;
}

export interface StatusGroupRef extends RefItem {
  statuses?: string[];
}

export interface CustomFieldRef extends RefItem {
  type?: string;
}

/** `GET /api/v1/references`: the dictionaries of the account's CRM. */
export interface References {
  sites: RefItem[];
  orderStatuses: RefItem[];
  statusGroups: StatusGroupRef[];
  orderMethods: RefItem[];
  productStatuses: RefItem[];
  customFields: { customer: CustomFieldRef[]; order: CustomFieldRef[] };
}

/** Field path (`conditions.calculateStatuses[0]`) -> message, from a 422 answer. */
export type FieldErrors = Record<string, string>;

export type SyncEntity = 'customers' | 'orders';

export interface FullLoadProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  /** Items a minute, when the server knows it. */
  ratePerMinute: number | null;
  startedAt: string | null;
}

export interface EntitySyncStatus {
  fullLoad: FullLoadProgress | null;
  synced: number | null;
  failed: number | null;
  queueDepth: number | null;
  lastError: { message: string; at: string | null } | null;
}

/** `GET /api/v1/sync/status`, read leniently; null for an entity the server keeps no status of. */
export type SyncStatus = Record<SyncEntity, EntitySyncStatus | null>;

export interface JournalEntry {
  id: string;
  at: string | null;
  entity: string;
  operation: string;
  subject: string;
  status: 'ok' | 'warning' | 'failed' | 'pending';
  error: string | null;
  retryable: boolean;
}

/** The product feed's address and state (`GET /api/v1/settings/products/feed`). */
export interface ProductFeed {
  feedUrl: string;
  status: {
    state: 'pending' | 'ready' | 'failing';
    offers: number;
    available: number;
    categories: number;
    skipped: { noPrice: number; duplicateId: number; noId: number; cleanedText: number };
    lastModified: string | null;
    lastBuildAt: string | null;
    lastError: string | null;
  };
}
