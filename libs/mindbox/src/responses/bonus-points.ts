import { MindboxBalance, MindboxBalanceType, parseBalance, parseBalanceType } from './balance';
import { asArray, asKnown, asNumber, asRecord, asString, sumMoney } from './json';

/** `bonusPointsInfo[].status` values of the docs; others read as 'unknown'. */
export const BONUS_POINTS_INFO_STATUSES = ['Success', 'Unavailable'] as const;

/** Whether the points of one balance type could be computed for the order. */
export type BonusPointsInfoStatus = (typeof BONUS_POINTS_INFO_STATUSES)[number] | 'unknown';

/** One entry of `bonusPointsInfo`, `bonusPointsInfoPerBalanceType`, or the `totalBonusPointsInfo` object. */
export interface MindboxBonusPointsInfo {
  /** Undefined when the node has no status (`totalBonusPointsInfo` usually has none). */
  status?: BonusPointsInfoStatus;
  rawStatus?: string;
  /** The most points this order may spend. */
  availableAmountForCurrentOrder?: number;
  /** The points this order spends. */
  spentAmountForCurrentOrder?: number;
  balanceType?: MindboxBalanceType;
  /** The customer's balance of this type. */
  balance?: MindboxBalance;
  /** The whole node as received. */
  raw: Record<string, unknown>;
}

/** One entry of `bonusPointsChanges`: what the order earns and spends of one balance type. */
export interface MindboxBonusPointsChange {
  balanceType?: MindboxBalanceType;
  earnedAmount?: number;
  spentAmount?: number;
  raw: Record<string, unknown>;
}

/** Where {@link MindboxOrderBonusPoints} took `available` and `spent` from. */
export type BonusPointsSource =
  'totalBonusPointsInfo' | 'bonusPointsInfo' | 'bonusPointsInfoPerBalanceType' | 'none';

/**
 * The points of one order, whichever node the operation used (reference §4.3 "name of the points
 * node": `bonusPointsInfo` array, `totalBonusPointsInfo` object, `bonusPointsInfoPerBalanceType`).
 */
export interface MindboxOrderBonusPoints {
  /** The most points the order may spend: the total node, else the sum over balance types that are not Unavailable. */
  available?: number;
  /** Points the order spends: the points nodes, else `bonusPointsChanges`, else `spentBonusPoints` promotions. */
  spent?: number;
  /** Points the order earns: `bonusPointsChanges`, else `earnedBonusPoints` promotions. */
  earned?: number;
  /** True when every balance type reported is Unavailable (points could not be computed). */
  unavailable: boolean;
  source: BonusPointsSource;
  /** Entries per balance type: `bonusPointsInfo`, else `bonusPointsInfoPerBalanceType`, else the total node. */
  perBalanceType: MindboxBonusPointsInfo[];
  changes: MindboxBonusPointsChange[];
}

/** Reads one points-info node; undefined when it is not an object. */
export function parseBonusPointsInfo(value: unknown): MindboxBonusPointsInfo | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const rawStatus = asString(raw.status);
  return {
    status: rawStatus === undefined ? undefined : asKnown(BONUS_POINTS_INFO_STATUSES, rawStatus),
    rawStatus,
    availableAmountForCurrentOrder: asNumber(raw.availableAmountForCurrentOrder),
    spentAmountForCurrentOrder: asNumber(raw.spentAmountForCurrentOrder),
    balanceType: parseBalanceType(raw.balanceType),
    balance: parseBalance(raw.balance),
    raw,
  };
}

/** Reads a points-info node that may be an array or a single object. */
export function parseBonusPointsInfoList(value: unknown): MindboxBonusPointsInfo[] {
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return entries.flatMap((entry) => parseBonusPointsInfo(entry) ?? []);
}

/** Reads `bonusPointsChanges`. */
export function parseBonusPointsChanges(value: unknown): MindboxBonusPointsChange[] {
  return asArray(value).flatMap((entry) => {
    const raw = asRecord(entry);
    if (raw === undefined) return [];
    return [
      {
        balanceType: parseBalanceType(raw.balanceType),
        earnedAmount: asNumber(raw.earnedAmount),
        spentAmount: asNumber(raw.spentAmount),
        raw,
      },
    ];
  });
}

/** Point amounts that the applied promotions of the order report, by kind. */
export interface PromotionPoints {
  spent?: number;
  earned?: number;
}

/**
 * Sums up the points of an `order` node. `fromPromotions` are the `spentBonusPoints` and
 * `earnedBonusPoints` amounts of its applied promotions, the last fallback.
 */
export function parseOrderBonusPoints(
  order: Record<string, unknown>,
  fromPromotions: PromotionPoints = {},
): MindboxOrderBonusPoints {
  const total = parseBonusPointsInfoList(order.totalBonusPointsInfo);
  const perType = parseBonusPointsInfoList(order.bonusPointsInfo);
  const perTypeAlt = parseBonusPointsInfoList(order.bonusPointsInfoPerBalanceType);
  const changes = parseBonusPointsChanges(order.bonusPointsChanges);

  const [source, infos]: [BonusPointsSource, MindboxBonusPointsInfo[]] =
    total.length > 0
      ? ['totalBonusPointsInfo', total]
      : perType.length > 0
        ? ['bonusPointsInfo', perType]
        : perTypeAlt.length > 0
          ? ['bonusPointsInfoPerBalanceType', perTypeAlt]
          : ['none', []];
  const usable = infos.filter((info) => info.status !== 'Unavailable');

  return {
    available: sumMoney(usable.map((info) => info.availableAmountForCurrentOrder)),
    spent:
      sumMoney(infos.map((info) => info.spentAmountForCurrentOrder)) ??
      sumMoney(changes.map((change) => change.spentAmount)) ??
      fromPromotions.spent,
    earned: sumMoney(changes.map((change) => change.earnedAmount)) ?? fromPromotions.earned,
    unavailable: infos.length > 0 && usable.length === 0,
    source,
    perBalanceType: perType.length > 0 ? perType : perTypeAlt.length > 0 ? perTypeAlt : total,
    changes,
  };
}
