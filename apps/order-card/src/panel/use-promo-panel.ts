import { computed, reactive, ref } from 'vue';
import {
  type BonusBalanceReply,
  callAction,
  type CardState,
  type OrderApplyReply,
  type PromoCodeCheckReply,
  type PromotionsReply,
} from '../api/card-api';
import { payloadOrderOf, unitDiscountOf } from '../api/card-order';
import type { CardPort } from './card-port';

type Busy = 'check' | 'balance' | 'apply' | 'promotions';

/**
 * The panel's state and commands: check a code, read the balance, apply code and points to the
 * order (line discounts through the card's actions, code and discount sum into custom fields),
 * list promotions. Points above the order's maximum are refused here before asking anyone.
 */
export function usePromoPanel(port: CardPort) {
  const promoCode = ref('');
  const points = ref<number | null>(null);
  const busy = reactive(new Set<Busy>());
  const check = ref<PromoCodeCheckReply | null>(null);
  const balance = ref<BonusBalanceReply | null>(null);
  const applied = ref<OrderApplyReply | null>(null);
  const promotions = ref<PromotionsReply | null>(null);

  const maxPoints = computed(() => balance.value?.balance?.availableForOrder ?? 0);
  const pointsOverMax = computed(() => (points.value ?? 0) > maxPoints.value);
  const canApply = computed(
    () =>
      !busy.has('apply') &&
      !pointsOverMax.value &&
      (promoCode.value.trim() !== '' || (points.value ?? 0) > 0),
  );
  const order = () => payloadOrderOf(port.order.value);

  async function run<T>(what: Busy, work: () => Promise<T>): Promise<T> {
    busy.add(what);
    try {
      return await work();
    } finally {
      busy.delete(what);
    }
  }

  const checkCode = () =>
    run('check', async () => {
      const code = promoCode.value.trim();
      if (!code) return;
      check.value = await callAction<PromoCodeCheckReply>(port.httpCall, 'check-promo-code', {
        order: order(),
        promoCode: code,
      });
    });

  const loadBalance = () =>
    run('balance', async () => {
      balance.value = await callAction<BonusBalanceReply>(port.httpCall, 'bonus-balance', { order: order() });
    });

  const loadPromotions = () =>
    run('promotions', async () => {
      promotions.value = await callAction<PromotionsReply>(port.httpCall, 'promotions', { order: order() });
    });

  const apply = async (): Promise<void> => {
    if (!canApply.value) return;
    await run('apply', async () => {
      const snapshot = port.order.value;
      const code = promoCode.value.trim();
      const reply = await callAction<OrderApplyReply>(port.httpCall, 'apply', {
        order: order(),
        ...(code ? { promoCode: code } : {}),
        ...((points.value ?? 0) > 0 ? { points: points.value } : {}),
      });
      if (reply.state !== 'ok' || !reply.lines) {
        applied.value = reply;
        return;
      }
      try {
        for (const line of reply.lines) {
          const item = snapshot.items.find((candidate) => candidate.index === line.index);
          if (item) await port.changeItemDiscount(line.index, unitDiscountOf(line.discount, item.quantity));
        }
        // The account's settings name the custom fields; the reply carries their codes.
        const fields = reply.customFields ?? {};
        if (fields.promoCode) await port.setCustomField(fields.promoCode, code || null);
        if (fields.discountSum)
          await port.setCustomField(fields.discountSum, Math.round(reply.discountSum ?? 0));
      } catch (error) {
        applied.value = { state: 'error', message: error instanceof Error ? error.message : String(error) };
        return;
      }
      // "Applied" is said once the card holds the discounts.
      applied.value = reply;
    });
  };

  /** The state to explain instead of figures, if any. */
  const stateOf = (reply: { state: CardState } | null): CardState | null =>
    reply && reply.state !== 'ok' ? reply.state : null;

  return {
    promoCode,
    points,
    busy,
    check,
    balance,
    applied,
    promotions,
    maxPoints,
    pointsOverMax,
    canApply,
    checkCode,
    loadBalance,
    loadPromotions,
    apply,
    stateOf,
  };
}

export type PromoPanel = ReturnType<typeof usePromoPanel>;
