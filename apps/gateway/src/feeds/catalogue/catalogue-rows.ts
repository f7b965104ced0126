import type { OfferInventory, Product, ProductGroup } from '@app/retailcrm';

/** An offer of the catalogue copy, as stored (`product_feed_offer`). */
export interface OfferRow {
  offerId: number;
  productId: number;
  externalId: string | null;
  xmlId: string | null;
  article: string | null;
  productExternalId: string | null;
  name: string;
  url: string | null;
  picture: string | null;
  vendor: string | null;
  /** Base price; null when the CRM has none. */
  price: number | null;
  categoryIds: number[];
  productActive: boolean;
  offerActive: boolean;
  quantity: number;
}

/** A product group of the catalogue copy (`product_feed_category`). */
export interface CategoryRow {
  groupId: number;
  externalId: string | null;
  parentId: number | null;
  name: string;
  active: boolean;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null;

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : null;

/** The base price: `price`, else the `base` price type among `prices`. */
function basePrice(offer: Product['offers'][number]): number | null {
  const direct = finite(offer.price);
  if (direct !== null) return direct;
  const base = offer.prices?.find((entry) => entry.priceType === 'base');
  return base ? finite(base.price) : null;
}

/** The rows of a product's offers, as `store/products` gave them. */
export function offerRowsOf(product: Product): OfferRow[] {
  const categoryIds = (product.groups ?? [])
    .map((group) => finite(group.id))
    .filter((id): id is number => id !== null);
  return product.offers.map((offer) => ({
    offerId: offer.id,
    productId: product.id,
    externalId: text(offer.externalId),
    xmlId: text(offer.xmlId),
    article: text(offer.article),
    productExternalId: text(product.externalId),
    name: text(offer.name) ?? text(product.name) ?? '',
    url: text(product.url),
    picture: text(offer.images?.[0]) ?? text(product.imageUrl),
    vendor: text(product.manufacturer),
    price: basePrice(offer),
    categoryIds,
    productActive: product.active !== false,
    offerActive: offer.active !== false,
    quantity: Math.max(0, finite(offer.quantity) ?? 0),
  }));
}

/** A group's row. */
export function categoryRowOf(group: ProductGroup): CategoryRow {
  return {
    groupId: group.id,
    externalId: text(group.externalId),
    parentId: finite(group.parentId),
    name: text(group.name) ?? String(group.id),
    active: group.active !== false,
  };
}

/** An offer's stock as inventories give it. */
export function stockOf(inventory: OfferInventory): { offerId: number; quantity: number } {
  return { offerId: inventory.id, quantity: Math.max(0, finite(inventory.quantity) ?? 0) };
}

const CRM_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The newest `updatedAt` among the products and `newest` so far. */
export function newestUpdate(newest: string | null, products: Product[]): string | null {
  let result = newest;
  for (const product of products) {
    const updatedAt = product.updatedAt;
    if (typeof updatedAt === 'string' && CRM_DATE_TIME.test(updatedAt) && (!result || updatedAt > result)) {
      result = updatedAt;
    }
  }
  return result;
}

/**
 * The `filter[sinceUpdatedAt]` of the next pass, from the cursor of this one and the newest
 * change it read. The filter is exclusive and counts whole seconds, so a product edited later in
 * the newest second would be missed by a cursor on that second: the cursor first stays one second
 * before it (the next pass reads that second again), and moves onto it when the next pass, a
 * second or more later, found nothing newer (the second is over by then).
 */
export function nextCursor(current: string | null, newest: string | null): string | null {
  if (!newest || (current && newest <= current)) return current;
  if (current && newest === shiftSeconds(current, 1)) return newest;
  return shiftSeconds(newest, -1);
}

function shiftSeconds(value: string, seconds: number): string {
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  return new Date(date.getTime() + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
