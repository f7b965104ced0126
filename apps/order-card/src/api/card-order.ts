// The order as the card holds it, in the shape the gateway takes (`payload.order`).

/** What the extension reads of one `order/card` item. */
export interface CardItem {
  index: number;
  id?: number | null;
  type?: string;
  offer?: {
    id?: number | null;
    name?: string | null;
    article?: string | null;
    externalId?: string | null;
  } | null;
  quantity: number;
  initialPrice: number;
}

/** What the extension reads of the `order/card` context. */
export interface CardOrderSnapshot {
  id?: number | null;
  externalId?: string | null;
  site?: string | null;
  customerId?: number | null;
  customerExternalId?: string | null;
  items: CardItem[];
}

export interface PayloadOrder {
  id?: number;
  externalId?: string;
  site?: string;
  customer?: { id?: number; externalId?: string };
  items: {
    index: number;
    id?: number;
    offer: { id?: number; name?: string; article?: string; externalId?: string };
    quantity: number;
    initialPrice: number;
  }[];
}

const present = <T>(value: T | null | undefined): value is T =>
  value !== null && value !== undefined && value !== '';

/** Drops what the gateway does not take (empty values, lines without quantity). */
export function payloadOrderOf(snapshot: CardOrderSnapshot): PayloadOrder {
  const order: PayloadOrder = {
    items: snapshot.items
      .filter((item) => item.quantity > 0)
      .map((item) => {
        const offer: PayloadOrder['items'][number]['offer'] = {};
        if (present(item.offer?.id)) offer.id = item.offer.id;
        if (present(item.offer?.externalId)) offer.externalId = item.offer.externalId;
        if (present(item.offer?.article)) offer.article = item.offer.article;
        if (present(item.offer?.name)) offer.name = item.offer.name.slice(0, 255);
        return {
          index: item.index,
          ...(present(item.id) ? { id: item.id } : {}),
          offer,
          quantity: item.quantity,
          initialPrice: Math.max(0, Math.round(item.initialPrice * 100) / 100),
        };
      }),
  };
  if (present(snapshot.id)) order.id = snapshot.id;
  if (present(snapshot.externalId)) order.externalId = snapshot.externalId;
  if (present(snapshot.site)) order.site = snapshot.site;
  if (present(snapshot.customerId) || present(snapshot.customerExternalId)) {
    order.customer = {
      ...(present(snapshot.customerId) ? { id: snapshot.customerId } : {}),
      ...(present(snapshot.customerExternalId) ? { externalId: snapshot.customerExternalId } : {}),
    };
  }
  return order;
}

/** The per-unit discount the card's `changeItemDiscount` takes, from a whole line's discount. */
export const unitDiscountOf = (lineDiscount: number, quantity: number): number =>
  quantity > 0 ? Math.round((lineDiscount / quantity) * 100) / 100 : 0;
