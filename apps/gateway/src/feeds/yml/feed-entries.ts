import type { RetailCrmProductField } from '@app/settings';
import type { SkippedCounts } from '../storage/product-feed.entity';
import type { FeedCategory, FeedOffer } from './yml-document';
import { cleanXmlText } from './xml-text';

/** An offer row as the renderer reads it, its feed id already chosen by the SQL. */
export interface RenderRow {
  offer_id: string;
  product_id: string;
  feed_id: string | null;
  product_external_id: string | null;
  name: string;
  url: string | null;
  picture: string | null;
  vendor: string | null;
  price: string | null;
  category_ids: string[];
  product_active: boolean;
  offer_active: boolean;
  quantity: string;
}

/** A category row as the renderer reads it. */
export interface CategoryRenderRow {
  group_id: string;
  external_id: string | null;
  parent_id: string | null;
  name: string;
}

/** The SQL expression of an offer's feed id for the Products tab's `ids.retailcrmField`. */
export function feedIdColumn(field: RetailCrmProductField): string {
  switch (field) {
    case 'offer.externalId':
      return 'external_id';
    case 'offer.xmlId':
      return 'xml_id';
    case 'offer.article':
      return 'article';
    case 'offer.id':
      return 'offer_id::text';
  }
}

/**
 * Categories and the products' `group_id` follow the offers' id system: CRM ids when the offers
 * go by CRM id, the shop's external ids otherwise (the site sends those to Mindbox), CRM ids
 * where an external id is missing.
 */
const usesCrmIds = (field: RetailCrmProductField) => field === 'offer.id';

export function categoryIdOf(
  row: Pick<CategoryRenderRow, 'group_id' | 'external_id'>,
  field: RetailCrmProductField,
): string {
  return usesCrmIds(field) ? row.group_id : (row.external_id ?? row.group_id);
}

/** `5990.00` -> `5990`, `12.50` -> `12.5`. */
export function priceText(price: string): string {
  return price.includes('.') ? price.replace(/0+$/, '').replace(/\.$/, '') : price;
}

export function emptySkipped(): SkippedCounts {
  return { noPrice: 0, duplicateId: 0, noId: 0, cleanedText: 0 };
}

/** Maps category rows to the feed's, parent ids translated, for the categories present. */
export function feedCategories(rows: CategoryRenderRow[], field: RetailCrmProductField): FeedCategory[] {
  const idOf = new Map(rows.map((row) => [row.group_id, categoryIdOf(row, field)]));
  return rows.map((row) => {
    const parentId = row.parent_id === null ? undefined : idOf.get(row.parent_id);
    return {
      id: idOf.get(row.group_id) as string,
      ...(parentId !== undefined ? { parentId } : {}),
      name: row.name,
    };
  });
}

/** Why a row has no place in the feed, or the offer it becomes. */
export type FeedEntry =
  { skip: keyof Pick<SkippedCounts, 'noPrice' | 'noId'> } | { offer: FeedOffer; cleaned: boolean };

/**
 * One row's offer: skipped without a price or a feed id; available when the product and the
 * offer are active and there is stock; the first of the product's categories the feed lists.
 */
export function feedEntryOf(
  row: RenderRow,
  field: RetailCrmProductField,
  currency: string,
  categoryIds: Map<string, string>,
): FeedEntry {
  const id = row.feed_id === null ? null : cleanXmlText(row.feed_id);
  if (!id || id.text === '') return { skip: 'noId' };
  if (row.price === null) return { skip: 'noPrice' };
  const name = cleanXmlText(row.name);
  const category = row.category_ids
    .map((groupId) => categoryIds.get(String(groupId)))
    .find((value) => value !== undefined);
  const groupId = usesCrmIds(field) ? row.product_id : (row.product_external_id ?? row.product_id);
  return {
    cleaned: name.cleaned || id.cleaned,
    offer: {
      id: id.text,
      groupId: cleanXmlText(groupId).text,
      available: row.product_active && row.offer_active && Number(row.quantity) > 0,
      name: name.text,
      url: row.url ?? undefined,
      price: priceText(row.price),
      currency,
      categoryId: category,
      picture: row.picture ?? undefined,
      vendor: row.vendor ?? undefined,
    },
  };
}
