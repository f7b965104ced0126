import type { RateBudget } from '@app/common/rate-budget/rate-budget';

/**
 * How the secret key is sent: `SecretKey` -> `Authorization: SecretKey <key>` (current docs);
 * `legacy` -> `Authorization: Mindbox secretKey="<key>"` (older docs and SDKs, reference §1.2).
 */
export type MindboxAuthScheme = 'SecretKey' | 'legacy';

/** One Mindbox project as an account's settings describe it. */
export interface MindboxProject {
  /** Base URL; calls go to `{apiUrl}/v3/operations/{sync|async}`. Default `https://api.mindbox.ru`. */
  apiUrl?: string;
  /** The integration point's system name (`endpointId` query parameter). */
  endpointId: string;
  /** The endpoint's secret key. Never logged nor put into an error. */
  secretKey: string;
  /** Default `SecretKey`. */
  authScheme?: MindboxAuthScheme;
  /** Sent as `deviceUUID` on every call when set; server-side operations usually need none. */
  deviceUuid?: string;
}

/** Limits and retry policy of a client. */
export interface MindboxClientTuning {
  /** Requests per second per operation and endpoint, shared by every holder of the same budget. Default 125. */
  perSecond?: number;
  /** Timeout of one HTTP attempt, response body included. Default 15,000 ms. */
  timeoutMs?: number;
  /** Attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry (doubles per retry, with jitter). Default 1,000 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound of one retry delay. Default 10,000 ms. */
  retryMaxDelayMs?: number;
}

/** Everything a {@link MindboxClient} is built from. */
export interface MindboxClientOptions extends MindboxProject, MindboxClientTuning {
  /** The request budget; every HTTP attempt takes one slot of `mindbox:<endpointId>:<operation>`. */
  budget: RateBudget;
  /** For tests only: the `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Options of a sync call. */
export interface MindboxSyncOptions {
  /**
   * The idempotency key stored before the call; resent unchanged on every retry. Omitted: a new
   * UUID is generated and returned. `false`: none is sent, for pure reads such as calculate, where a
   * retry answered `TransactionAlreadyProcessed` would come back without the result.
   */
  transactionId?: string | false;
  /** Overrides the client's `deviceUuid` for this call. */
  deviceUuid?: string;
}

/** Options of an async call. */
export interface MindboxAsyncOptions {
  /** The idempotency key stored before the call; omitted: a new UUID is generated and returned. */
  transactionId?: string;
  /** Overrides the client's `deviceUuid` for this call. */
  deviceUuid?: string;
}

/** A response body: `status` and the operation's nodes. */
export interface MindboxResponseBody {
  status: string;
  [node: string]: unknown;
}

interface MindboxResultBase {
  /** The idempotency key that was sent (the caller's, or the one generated), if any. */
  transactionId: string | undefined;
  /** True when the client made the key up: persist it if the call may be repeated later. */
  transactionIdGenerated: boolean;
  /** HTTP attempts made, the successful one included. */
  attempts: number;
}

/** A call that Mindbox processed now. */
export interface MindboxProcessed<T> extends MindboxResultBase {
  alreadyProcessed: false;
  body: T;
}

/**
 * A call Mindbox had already processed under the same `transactionId`: a success (reference §1.4),
 * but the body is only what came (usually just the status), not the operation's result.
 */
export interface MindboxAlreadyProcessed extends MindboxResultBase {
  alreadyProcessed: true;
  body: MindboxResponseBody;
}

/** The outcome of a successful call. */
export type MindboxResult<T> = MindboxProcessed<T> | MindboxAlreadyProcessed;

/** The outcome of a successful async call; it always carries a transaction id. */
export type MindboxAsyncResult = MindboxResult<MindboxResponseBody> & { transactionId: string };
