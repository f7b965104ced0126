import { asArray, asNumber, asRecord, asString } from './json';

/** A points balance type (`balanceType`): the project's system name of the points account. */
export interface MindboxBalanceType {
  systemName?: string;
  name?: string;
}

/**
 * One points balance. Sources spell the amounts two ways (reference §6.1): `total / available /
 * blocked` (IOS SDK, real responses) and `totalValue / availableValue / blockedValue` (docs' XML,
 * PHP SDK); both read into the same fields.
 */
export interface MindboxBalance {
  /** The balance's system name: `systemName`, else `balanceType.ids.systemName`. */
  systemName?: string;
  /** `balanceType.name`, else `name`. */
  name?: string;
  total?: number;
  available?: number;
  blocked?: number;
  /** Spent from the balance; gift cards report it. */
  used?: number;
  /** The whole node as received. */
  raw: Record<string, unknown>;
}

/** Reads a `balanceType` node. */
export function parseBalanceType(value: unknown): MindboxBalanceType | undefined {
  const node = asRecord(value);
  if (node === undefined) return undefined;
  return {
    systemName: asString(asRecord(node.ids)?.systemName) ?? asString(node.systemName),
    name: asString(node.name),
  };
}

/** Reads one balance in either spelling; undefined for a node that is not an object. */
export function parseBalance(value: unknown): MindboxBalance | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const type = parseBalanceType(raw.balanceType);
  return {
    systemName: asString(raw.systemName) ?? type?.systemName,
    name: type?.name ?? asString(raw.name),
    total: asNumber(raw.total) ?? asNumber(raw.totalValue),
    available: asNumber(raw.available) ?? asNumber(raw.availableValue),
    blocked: asNumber(raw.blocked) ?? asNumber(raw.blockedValue),
    used: asNumber(raw.used) ?? asNumber(raw.usedValue),
    raw,
  };
}

/** Reads a `balances` array; entries that are not objects are skipped. */
export function parseBalances(value: unknown): MindboxBalance[] {
  return asArray(value).flatMap((entry) => parseBalance(entry) ?? []);
}

/**
 * The balances of a balance-read response (`GetCustomerBalance`, `GetCustomerPoints`): `balances`
 * at the top level or under `customer`. Their order is not guaranteed; find one by `systemName`.
 */
export function parseBalancesResponse(body: unknown): MindboxBalance[] {
  const root = asRecord(body) ?? {};
  return parseBalances(root.balances ?? asRecord(root.customer)?.balances);
}
