// What the gateway answers to the card (`POST /retailcrm/embed/{action}`), and one way to ask it.

/** Why the card has no figures to show; `ok` means it has. */
export type CardState =
  | 'ok'
  | 'empty-order'
  | 'no-customer'
  | 'unknown-customer'
  | 'not-configured'
  | 'inactive'
  | 'mindbox-unavailable'
  | 'refused'
  | 'error';

export type PromoCodeVerdict =
  | 'valid'
  | 'not-found'
  | 'already-used'
  | 'not-yet-active'
  | 'expired'
  | 'not-for-this-order'
  | 'blocked'
  | 'not-issued'
  | 'unavailable'
  | 'unknown';

export interface OrderTotals {
  subtotal: number;
  discount: number;
  total: number;
}

export interface PromoCode {
  code: string;
  verdict: PromoCodeVerdict;
  mindboxStatus?: string;
  discount: number;
  poolName?: string;
  validFrom?: string;
  validTill?: string;
  usedAt?: string;
}

export interface BonusBalance {
  total: number;
  available: number;
  blocked: number;
  availableForOrder: number;
  balanceName?: string;
}

export interface AppliedLine {
  index: number;
  id?: number;
  discount: number;
  total: number;
}

export interface Promotion {
  name: string;
  type: string;
  amount: number;
  externalId?: string;
  lines: number[];
}

interface Reply {
  state: CardState;
  message?: string;
}

export interface PromoCodeCheckReply extends Reply {
  promoCode?: PromoCode;
  totals?: OrderTotals;
}

export interface BonusBalanceReply extends Reply {
  balance?: BonusBalance;
}

export interface OrderApplyReply extends Reply {
  lines?: AppliedLine[];
  totals?: OrderTotals;
  promoCode?: PromoCode;
  pointsSpent?: number;
  maxPoints?: number;
  discountSum?: number;
  /** Codes of the order custom fields the code and the discount sum go into. */
  customFields?: { promoCode?: string; discountSum?: string };
}

export interface PromotionsReply extends Reply {
  promotions?: Promotion[];
  hints?: string[];
  totals?: OrderTotals;
}

/** `host.httpCall` of the CRM: posts `payload` to the module with the account's clientId. */
export type HttpCall = (
  action: string,
  payload?: string | object,
) => Promise<{ body: string; status: number }>;

/** The gateway path of an action, relative to the module's base URL. */
export const actionPath = (action: string): string => `/retailcrm/embed/${action}`;

/** How long the card waits at most; the gateway itself answers within 3 s. */
export const CARD_TIMEOUT_MS = 6_000;

/**
 * Calls an action and reads its answer. Never throws: a refusal, Mindbox being down, a broken
 * answer or no answer at all come back as a reply with the state to show.
 */
export async function callAction<R extends Reply>(
  http: HttpCall,
  action: string,
  payload: object,
  timeoutMs = CARD_TIMEOUT_MS,
): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    const answer = await Promise.race([http(actionPath(action), payload), late]);
    if (answer === 'late') return { state: 'mindbox-unavailable' } as R;
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    const reply = body as R | undefined;
    if (reply && typeof reply.state === 'string') return reply;
    if (answer.status === 503 || answer.status === 504) return { state: 'mindbox-unavailable' } as R;
    return { state: 'error', message: `HTTP ${answer.status}` } as R;
  } catch {
    return { state: 'error' } as R;
  } finally {
    clearTimeout(timer);
  }
}
