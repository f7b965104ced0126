import { ListFilter, Pagination } from './common.types';

/** A price of an offer by price type. */
export interface OfferPrice {
  priceType: string;
  price: number;
  ordering?: number;
  [field: string]: unknown;
}

/** A sellable variant of a product, as `store/products` nests it. */
export interface ProductOffer {
  id: number;
  externalId?: string;
  xmlId?: string;
  article?: string;
  name?: string;
  /** Base price. */
  price?: number;
  prices?: OfferPrice[];
  images?: string[];
  purchasePrice?: number;
  vatRate?: string;
  /** Property code -> value; `{}` when RetailCRM sends `[]`. */
  properties: Record<string, unknown>;
  quantity?: number;
  weight?: number;
  active?: boolean;
  unit?: { code: string; name?: string; sym?: string };
  [field: string]: unknown;
}

/** A catalogue product (`GET /api/v5/store/products`). */
export interface Product {
  id: number;
  externalId?: string;
  article?: string;
  name: string;
  type?: string;
  url?: string;
  imageUrl?: string;
  description?: string;
  manufacturer?: string;
  groups?: { id: number; externalId?: string }[];
  offers: ProductOffer[];
  active?: boolean;
  quantity?: number;
  minPrice?: number;
  maxPrice?: number;
  catalogId?: number;
  /** `Y-m-d H:i:s` in the account's time zone; what `filter[sinceUpdatedAt]` compares with. */
  updatedAt?: string;
  createdAt?: string;
  [field: string]: unknown;
}

/** Stock of an offer (`GET /api/v5/store/inventories`). */
export interface OfferInventory {
  id: number;
  externalId?: string;
  xmlId?: string;
  site?: string;
  purchasePrice?: number;
  /** Available quantity over all stores. */
  quantity?: number;
  /** Per store, with `filter[details]=1`. */
  stores?: { store: string; quantity?: number; purchasePrice?: number; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** A catalogue category (`GET /api/v5/store/product-groups`). */
export interface ProductGroup {
  id: number;
  site?: string;
  name: string;
  externalId?: string;
  parentId?: number;
  active?: boolean;
  [field: string]: unknown;
}

/** A page of products. */
export interface ProductList {
  products: Product[];
  pagination: Pagination;
}

/** A page of offer stock. */
export interface InventoryList {
  offers: OfferInventory[];
  pagination: Pagination;
}

/** A page of product groups. */
export interface ProductGroupList {
  productGroups: ProductGroup[];
  pagination: Pagination;
}

/**
 * Filter of the store lists, e.g. `{sites: ['shop'], active: true}`, `{details: true}`; products
 * also take `sinceUpdatedAt` (`Y-m-d H:i:s`, exclusive) and `sinceId`.
 */
export type StoreFilter = ListFilter;
