import type { Ref } from 'vue';
import type { HttpCall } from '../api/card-api';
import type { CardOrderSnapshot } from '../api/card-order';

/**
 * What the panel needs from the CRM: the order as the card holds it, the locale, the module's
 * backend, and the card's write actions. The widget builds it from `@retailcrm/embed-ui`; tests
 * and the preview page give their own.
 */
export interface CardPort {
  order: Ref<CardOrderSnapshot>;
  /** The CRM's `system.locale`. */
  systemLocale: Ref<string | null>;
  httpCall: HttpCall;
  /** `changeItemDiscount(index, { amount })`: a per-unit discount of a line. */
  changeItemDiscount(index: number, amountPerUnit: number): Promise<void>;
  /** Writes an order custom field; resolves false when the card has no such field. */
  setCustomField(code: string, value: string | number | null): Promise<boolean>;
}
