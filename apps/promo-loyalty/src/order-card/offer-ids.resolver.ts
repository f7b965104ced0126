import { Injectable, Logger } from '@nestjs/common';
import type { CardOrderDto } from '@app/messaging';
import { RetailCrmClientFactory } from '@app/retailcrm';
import type { AccountSettings } from '@app/settings';

/** The offer fields the card does not hold (the `order/card` context gives `offer.id` and `article`). */
const MISSING_IN_CARD = { 'offer.externalId': 'externalId', 'offer.xmlId': 'xmlId' } as const;
type CatalogueField = (typeof MISSING_IN_CARD)[keyof typeof MISSING_IN_CARD];

/** How long a looked-up offer id stays known: catalogue ids hardly change. */
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX = 20_000;

/**
 * Fills in the offer ids Mindbox knows products by when the settings name one the card does not
 * have (`offer.externalId`, `offer.xmlId`), from the CRM catalogue (`store/products` by offer id),
 * so the card's calculation names products as order-processing does. Looked-up ids are cached;
 * when the CRM cannot answer in time, lines keep the offer's CRM id.
 */
@Injectable()
export class OfferIdsResolver {
  private readonly logger = new Logger(OfferIdsResolver.name);
  private readonly cache = new Map<string, { value: string | null; until: number }>();

  constructor(private readonly crm: RetailCrmClientFactory) {}

  async fill(settings: AccountSettings, order: CardOrderDto, timeoutMs: number): Promise<void> {
    const field = settings.products?.ids.retailcrmField;
    const catalogueField: CatalogueField | undefined =
      field && field in MISSING_IN_CARD ? MISSING_IN_CARD[field as keyof typeof MISSING_IN_CARD] : undefined;
    if (!catalogueField) return;
    const now = Date.now();
    const key = (offerId: number) => `${settings.accountId}:${catalogueField}:${offerId}`;
    const wanted = [
      ...new Set(
        order.items
          .filter((item) => !item.offer[catalogueField] && item.offer.id)
          .map((item) => item.offer.id as number)
          .filter((offerId) => (this.cache.get(key(offerId))?.until ?? 0) <= now),
      ),
    ];
    if (wanted.length > 0 && timeoutMs > 0) {
      try {
        const client = this.crm.forAccount(
          { url: settings.access.retailcrmUrl, apiKey: settings.access.apiKey },
          { timeoutMs, maxAttempts: 1 },
        );
        const { products } = await client.store.products({ offerIds: wanted }, 1, 100);
        const found = new Map(
          products
            .flatMap((product) => product.offers)
            .map((offer) => [offer.id, offer[catalogueField] ?? null]),
        );
        if (this.cache.size > CACHE_MAX) this.cache.clear();
        for (const offerId of wanted) {
          this.cache.set(key(offerId), { value: found.get(offerId) ?? null, until: now + CACHE_TTL_MS });
        }
      } catch (error) {
        this.logger.warn(`could not read offer ids from the CRM: ${(error as Error).message}`);
      }
    }
    for (const item of order.items) {
      if (item.offer[catalogueField] || !item.offer.id) continue;
      const value = this.cache.get(key(item.offer.id))?.value;
      if (value) item.offer[catalogueField] = value;
    }
  }
}
