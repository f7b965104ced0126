import { randomSource } from '../../random/random-source';
import type { Offer } from '../store/crm.types';
import { pageOf, Paging, reaches, type Access } from '../store/paging';

/** A product group (category) of a shop's catalogue. */
export interface CatalogueGroup {
  id: number;
  site: string;
  name: string;
  externalId?: string;
  parentId?: number;
  active: boolean;
}

/** A sellable variant; `price` undefined means the offer has no base price. */
export interface CatalogueOffer {
  id: number;
  productId: number;
  externalId?: string;
  xmlId?: string;
  article?: string;
  name: string;
  price?: number;
  purchasePrice?: number;
  images: string[];
  properties: Record<string, string>;
  weight?: number;
  active: boolean;
  vatRate: string;
  unit: { code: string; name: string; sym: string };
  /** Quantity per warehouse code. */
  stock: Record<string, number>;
}

/** A product of one shop's catalogue, with its offers by id. */
export interface CatalogueProduct {
  id: number;
  site: string;
  catalogId: number;
  externalId?: string;
  article?: string;
  name: string;
  type: 'product' | 'service';
  url?: string;
  imageUrl?: string;
  description?: string;
  manufacturer?: string;
  groupIds: number[];
  active: boolean;
  markable: boolean;
  createdAt: string;
  updatedAt: string;
  offerIds: number[];
}

/** Filters of `GET /api/v5/store/products` that the simulator applies. */
export interface ProductFilter {
  ids?: number[];
  offerIds?: number[];
  sites?: string[];
  groups?: number[];
  active?: boolean;
  name?: string;
  externalId?: string;
  offerExternalId?: string;
  offerXmlId?: string;
  /** Exclusive lower bound of `updatedAt`, comparable `Y-m-d H:i:s`. */
  sinceUpdatedAt?: string;
  sinceId?: number;
  minQuantity?: number;
  maxQuantity?: number;
}

/** Filters of `GET /api/v5/store/inventories`. */
export interface InventoryFilter {
  ids?: number[];
  sites?: string[];
  details?: boolean;
  productActive?: boolean;
  offerActive?: boolean;
  productExternalId?: string;
  offerExternalId?: string;
  offerArticle?: string;
}

/** Filters of `GET /api/v5/store/product-groups`. */
export interface GroupFilter {
  ids?: number[];
  sites?: string[];
  active?: boolean;
  name?: string;
  parentGroupId?: number;
}

/** What `POST /control/retailcrm/accounts/{code}/catalogue` generates. */
export interface CatalogueSeed {
  products: number;
  offersPerProduct?: number;
  /** Groups to spread the products over (nested two levels). */
  groups?: number;
  site?: string;
  /** Share of offers with stock, 0..1. */
  inStock?: number;
  /** Offers made without a base price (bad data the feed must skip). */
  withoutPrice?: number;
  /** Offers given the externalId/xmlId/article of an earlier offer. */
  duplicateIds?: number;
  /** Offers whose names hold characters XML 1.0 forbids. */
  brokenText?: number;
  seed?: number;
}

/** How the products of an account are seen from outside: the store's view of a site. */
export interface CatalogueContext {
  now(): string;
  /** Site code -> catalog id, for the account's shops. */
  sites(): { code: string; catalogId: number }[];
  reachableSites(access: Access): string[];
}

export const MAIN_STORE = 'main';
const PIECE = { code: '796', name: 'Штука', sym: 'шт' };
const DEFAULT_GROUPS = ['Обувь', 'Одежда', 'Аксессуары'];
const BRANDS = ['Nordic', 'Сибирь', 'Urban & Co', 'Lumen', 'Трек'];

/**
 * The catalogue of one simulated account: product groups, products, their offers and stock in
 * warehouses. It starts with the account's default offers (the ones orders are made of), grouped
 * into products by name, so feed ids and order lines agree. A price or product edit moves the
 * product's `updatedAt`; stock does not (it is read through inventories), as in the CRM.
 */
export class Catalogue {
  private readonly groups = new Map<number, CatalogueGroup>();
  private readonly products = new Map<number, CatalogueProduct>();
  private readonly offers = new Map<number, CatalogueOffer>();
  private lastGroupId = 100;
  private lastProductId = 500;
  private lastOfferId: number;

  constructor(
    private readonly context: CatalogueContext,
    accountOffers: Offer[],
  ) {
    this.lastOfferId = Math.max(2000, ...accountOffers.map((offer) => offer.id));
    this.adoptAccountOffers(accountOffers);
  }

  /** Counts for the control API. */
  summary() {
    const offers = [...this.offers.values()];
    return {
      groups: this.groups.size,
      products: this.products.size,
      offers: offers.length,
      inStock: offers.filter((offer) => quantityOf(offer) > 0).length,
    };
  }

  offer(id: number): CatalogueOffer | undefined {
    return this.offers.get(id);
  }

  product(id: number): CatalogueProduct | undefined {
    return this.products.get(id);
  }

  /** A page of products as `store/products` answers, ordered by id. */
  listProducts(filter: ProductFilter, paging: Paging, access: Access) {
    const sites = this.visibleSites(filter.sites, access);
    const matching = [...this.products.values()].filter(
      (product) => sites.has(product.site) && this.productMatches(product, filter),
    );
    const page = pageOf(matching, paging);
    return { pagination: page.pagination, products: page.items.map((product) => this.productView(product)) };
  }

  /** A page of offers' stock as `store/inventories` answers, ordered by offer id. */
  listInventories(filter: InventoryFilter, paging: Paging, access: Access) {
    const sites = this.visibleSites(filter.sites, access);
    const matching = [...this.offers.values()].filter((offer) => {
      const product = this.products.get(offer.productId);
      if (!product || !sites.has(product.site)) return false;
      if (filter.ids && !filter.ids.includes(offer.id)) return false;
      if (filter.productActive !== undefined && product.active !== filter.productActive) return false;
      if (filter.offerActive !== undefined && offer.active !== filter.offerActive) return false;
      if (filter.productExternalId && product.externalId !== filter.productExternalId) return false;
      if (filter.offerExternalId && offer.externalId !== filter.offerExternalId) return false;
      if (filter.offerArticle && offer.article !== filter.offerArticle) return false;
      return true;
    });
    const page = pageOf(matching, paging);
    return {
      pagination: page.pagination,
      offers: page.items.map((offer) => this.inventoryView(offer, filter.details === true)),
    };
  }

  /** A page of groups as `store/product-groups` answers (the list is named `productGroup`). */
  listGroups(filter: GroupFilter, paging: Paging, access: Access) {
    const sites = this.visibleSites(filter.sites, access);
    const matching = [...this.groups.values()].filter(
      (group) =>
        sites.has(group.site) &&
        (!filter.ids || filter.ids.includes(group.id)) &&
        (filter.active === undefined || group.active === filter.active) &&
        (!filter.name || group.name.toLowerCase().includes(filter.name.toLowerCase())) &&
        (filter.parentGroupId === undefined || group.parentId === filter.parentGroupId),
    );
    const page = pageOf(matching, paging);
    return { pagination: page.pagination, productGroup: page.items.map(groupView) };
  }

  /** Adds generated groups, products and offers; gives what was made. */
  seed(spec: CatalogueSeed) {
    const random = randomSource(spec.seed ?? 1);
    const site = spec.site ?? this.context.sites()[0]?.code ?? 'shop';
    const catalogId = this.catalogOf(site);
    const perProduct = Math.max(1, spec.offersPerProduct ?? 1);
    const groupCount = Math.max(1, spec.groups ?? 5);
    const inStock = spec.inStock ?? 0.7;
    const now = this.context.now();
    const groupIds: number[] = [];
    for (let index = 0; index < groupCount; index += 1) {
      const parentId = index >= 2 ? groupIds[index % 2] : undefined;
      const group = this.addGroup({ site, name: `Категория ${index + 1}`, parentId });
      groupIds.push(group.id);
    }
    const made: CatalogueOffer[] = [];
    const firstProductId = this.lastProductId + 1;
    for (let index = 0; index < spec.products; index += 1) {
      const id = ++this.lastProductId;
      const externalId = `p-${id}`;
      const product: CatalogueProduct = {
        id,
        site,
        catalogId,
        externalId,
        article: `A-${id}`,
        name: `Товар ${id}`,
        type: 'product',
        url: `https://${site}.example.com/product/${id}`,
        imageUrl: `https://${site}.example.com/img/${id}.jpg`,
        description: `Описание товара ${id}`,
        manufacturer: BRANDS[id % BRANDS.length],
        groupIds: [groupIds[index % groupIds.length]],
        active: true,
        markable: false,
        createdAt: now,
        updatedAt: now,
        offerIds: [],
      };
      this.products.set(id, product);
      for (let variant = 0; variant < perProduct; variant += 1) {
        const offerId = ++this.lastOfferId;
        const price = 100 + Math.round(random() * 9_900);
        const offer: CatalogueOffer = {
          id: offerId,
          productId: id,
          externalId: `o-${offerId}`,
          xmlId: `x-${offerId}`,
          article: `A-${id}-${variant + 1}`,
          name: perProduct > 1 ? `${product.name}, вариант ${variant + 1}` : product.name,
          price,
          purchasePrice: Math.round(price * 0.6),
          images: [`https://${site}.example.com/img/${id}-${variant + 1}.jpg`],
          properties: { size: String(variant + 1) },
          weight: 100 + variant,
          active: true,
          vatRate: 'none',
          unit: PIECE,
          stock: { [MAIN_STORE]: random() < inStock ? 1 + Math.floor(random() * 20) : 0 },
        };
        this.offers.set(offerId, offer);
        product.offerIds.push(offerId);
        made.push(offer);
      }
    }
    // Bad data, spread over the new offers so each kind is found in the middle of the pages.
    const pick = (count: number, shift: number) =>
      made
        .filter((_, index) => count > 0 && index % Math.max(1, Math.floor(made.length / count)) === shift)
        .slice(0, count);
    for (const offer of pick(spec.withoutPrice ?? 0, 1)) offer.price = undefined;
    for (const offer of pick(spec.duplicateIds ?? 0, 2)) {
      const earlier = made[Math.max(0, made.indexOf(offer) - 2)];
      offer.externalId = earlier.externalId;
      offer.xmlId = earlier.xmlId;
      offer.article = earlier.article;
    }
    for (const offer of pick(spec.brokenText ?? 0, 3))
      offer.name = `${offer.name} \u0001Bad\uFFFE<&> "text"\uD800`;
    return {
      groups: groupIds.length,
      products: spec.products,
      offers: made.length,
      firstProductId,
      lastProductId: this.lastProductId,
      firstOfferId: made[0]?.id,
      lastOfferId: made.at(-1)?.id,
    };
  }

  /** Forgets every product, offer and group. */
  clear(): void {
    this.groups.clear();
    this.products.clear();
    this.offers.clear();
  }

  /** Sets an offer's stock in one warehouse (the main one by default). */
  setStock(offerId: number, quantity: number, store = MAIN_STORE): CatalogueOffer | undefined {
    const offer = this.offers.get(offerId);
    if (!offer) return undefined;
    offer.stock[store] = quantity;
    return offer;
  }

  /** Sets (or, with null, removes) an offer's base price; the product counts as edited. */
  setPrice(offerId: number, price: number | null): CatalogueOffer | undefined {
    const offer = this.offers.get(offerId);
    if (!offer) return undefined;
    offer.price = price ?? undefined;
    this.touch(offer.productId);
    return offer;
  }

  /** Edits a product's activity or name; the product counts as edited. */
  editProduct(id: number, changes: { active?: boolean; name?: string }): CatalogueProduct | undefined {
    const product = this.products.get(id);
    if (!product) return undefined;
    if (changes.active !== undefined) product.active = changes.active;
    if (changes.name !== undefined) product.name = changes.name;
    this.touch(id);
    return product;
  }

  /** Edits an offer's activity; the product counts as edited. */
  editOffer(id: number, changes: { active?: boolean }): CatalogueOffer | undefined {
    const offer = this.offers.get(id);
    if (!offer) return undefined;
    if (changes.active !== undefined) offer.active = changes.active;
    this.touch(offer.productId);
    return offer;
  }

  private touch(productId: number): void {
    const product = this.products.get(productId);
    if (product) product.updatedAt = this.context.now();
  }

  private addGroup(input: Omit<CatalogueGroup, 'id' | 'active' | 'externalId'>): CatalogueGroup {
    const id = ++this.lastGroupId;
    const group = { id, externalId: `g-${id}`, active: true, ...input };
    if (group.parentId === undefined) delete group.parentId;
    this.groups.set(id, group);
    return group;
  }

  private catalogOf(site: string): number {
    return this.context.sites().find((entry) => entry.code === site)?.catalogId ?? 1;
  }

  // The account's offers come as a flat list; those with one name are sizes of one product.
  private adoptAccountOffers(accountOffers: Offer[]): void {
    const site = this.context.sites()[0]?.code ?? 'shop';
    const catalogId = this.catalogOf(site);
    const groups = DEFAULT_GROUPS.map((name) => this.addGroup({ site, name }));
    const now = this.context.now();
    const byName = new Map<string, Offer[]>();
    for (const offer of accountOffers) byName.set(offer.name, [...(byName.get(offer.name) ?? []), offer]);
    let index = 0;
    for (const [name, offers] of byName) {
      const id = ++this.lastProductId;
      const slug = `product-${id}`;
      this.products.set(id, {
        id,
        site,
        catalogId,
        externalId: slug,
        article: offers[0].article?.replace(/-[^-]+$/, ''),
        name,
        type: 'product',
        url: `https://${site}.example.com/${slug}`,
        imageUrl: `https://${site}.example.com/img/${slug}.jpg`,
        description: name,
        manufacturer: BRANDS[index % BRANDS.length],
        groupIds: [groups[index % groups.length].id],
        active: true,
        markable: false,
        createdAt: now,
        updatedAt: now,
        offerIds: offers.map((offer) => offer.id),
      });
      for (const offer of offers) {
        this.offers.set(offer.id, {
          id: offer.id,
          productId: id,
          externalId: offer.externalId,
          xmlId: offer.xmlId,
          article: offer.article,
          name: offer.displayName,
          price: offer.price > 0 ? offer.price : undefined,
          purchasePrice: offer.purchasePrice,
          images: [`https://${site}.example.com/img/${slug}-${offer.id}.jpg`],
          properties: {},
          weight: 300,
          active: true,
          vatRate: offer.vatRate,
          unit: PIECE,
          // Every third offer is sold out, so the feed shows both states from the start.
          stock: { [MAIN_STORE]: offer.id % 3 === 0 ? 0 : 5 + (offer.id % 7) },
        });
      }
      index += 1;
    }
  }

  private visibleSites(requested: string[] | undefined, access: Access): Set<string> {
    const reachable = this.context.reachableSites(access);
    return new Set(requested ? requested.filter((site) => reaches(access, site)) : reachable);
  }

  private productMatches(product: CatalogueProduct, filter: ProductFilter): boolean {
    if (filter.ids && !filter.ids.includes(product.id)) return false;
    if (filter.sinceId !== undefined && product.id <= filter.sinceId) return false;
    if (filter.active !== undefined && product.active !== filter.active) return false;
    if (filter.groups && !product.groupIds.some((id) => filter.groups?.includes(id))) return false;
    if (filter.externalId && product.externalId !== filter.externalId) return false;
    if (filter.sinceUpdatedAt && !(product.updatedAt > filter.sinceUpdatedAt)) return false;
    if (filter.name && !product.name.toLowerCase().includes(filter.name.toLowerCase())) return false;
    const offers = product.offerIds.map((id) => this.offers.get(id)).filter((offer) => offer !== undefined);
    if (filter.offerIds && !offers.some((offer) => filter.offerIds?.includes(offer.id))) return false;
    if (filter.offerExternalId && !offers.some((offer) => offer.externalId === filter.offerExternalId))
      return false;
    if (filter.offerXmlId && !offers.some((offer) => offer.xmlId === filter.offerXmlId)) return false;
    const quantity = offers.reduce((sum, offer) => sum + quantityOf(offer), 0);
    if (filter.minQuantity !== undefined && quantity < filter.minQuantity) return false;
    if (filter.maxQuantity !== undefined && quantity > filter.maxQuantity) return false;
    return true;
  }

  private productView(product: CatalogueProduct) {
    const offers = product.offerIds
      .map((id) => this.offers.get(id))
      .filter((offer): offer is CatalogueOffer => offer !== undefined);
    const prices = offers.map((offer) => offer.price).filter((price): price is number => price !== undefined);
    return {
      ...(prices.length ? { minPrice: Math.min(...prices), maxPrice: Math.max(...prices) } : {}),
      id: product.id,
      ...(product.article !== undefined ? { article: product.article } : {}),
      type: product.type,
      name: product.name,
      ...(product.url !== undefined ? { url: product.url } : {}),
      ...(product.imageUrl !== undefined ? { imageUrl: product.imageUrl } : {}),
      ...(product.description !== undefined ? { description: product.description } : {}),
      groups: product.groupIds.map((id) => ({ id, externalId: this.groups.get(id)?.externalId })),
      ...(product.externalId !== undefined ? { externalId: product.externalId } : {}),
      ...(product.manufacturer !== undefined ? { manufacturer: product.manufacturer } : {}),
      offers: offers.map((offer) => offerView(offer)),
      active: product.active,
      quantity: offers.reduce((sum, offer) => sum + quantityOf(offer), 0),
      markable: product.markable,
      catalogId: product.catalogId,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    };
  }

  private inventoryView(offer: CatalogueOffer, details: boolean) {
    const site = this.products.get(offer.productId)?.site;
    return {
      id: offer.id,
      ...(offer.externalId !== undefined ? { externalId: offer.externalId } : {}),
      ...(offer.xmlId !== undefined ? { xmlId: offer.xmlId } : {}),
      site,
      ...(offer.purchasePrice !== undefined ? { purchasePrice: offer.purchasePrice } : {}),
      quantity: quantityOf(offer),
      ...(details
        ? {
            stores: Object.entries(offer.stock).map(([store, quantity]) => ({
              store,
              quantity,
              ...(offer.purchasePrice !== undefined ? { purchasePrice: offer.purchasePrice } : {}),
            })),
          }
        : {}),
    };
  }
}

function offerView(offer: CatalogueOffer) {
  return {
    name: offer.name,
    ...(offer.price !== undefined ? { price: offer.price } : {}),
    images: offer.images,
    id: offer.id,
    ...(offer.externalId !== undefined ? { externalId: offer.externalId } : {}),
    ...(offer.xmlId !== undefined ? { xmlId: offer.xmlId } : {}),
    ...(offer.article !== undefined ? { article: offer.article } : {}),
    prices: offer.price !== undefined ? [{ priceType: 'base', price: offer.price, ordering: 991 }] : [],
    ...(offer.purchasePrice !== undefined ? { purchasePrice: offer.purchasePrice } : {}),
    vatRate: offer.vatRate,
    // The CRM sends an empty property map as [].
    properties: Object.keys(offer.properties).length ? offer.properties : [],
    quantity: quantityOf(offer),
    ...(offer.weight !== undefined ? { weight: offer.weight } : {}),
    active: offer.active,
    unit: offer.unit,
  };
}

function groupView(group: CatalogueGroup) {
  return {
    ...(group.parentId !== undefined ? { parentId: group.parentId } : {}),
    site: group.site,
    id: group.id,
    name: group.name,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    active: group.active,
  };
}

/** Available quantity over all warehouses. */
export function quantityOf(offer: CatalogueOffer): number {
  return Object.values(offer.stock).reduce((sum, quantity) => sum + quantity, 0);
}
