/** One entry of a RetailCRM `errors` list, which arrives as an object (field -> text) or a list of texts. */
export interface RetailCrmErrorItem {
  /** The field the text is about, when RetailCRM named one (nested names are dotted). */
  field?: string;
  message: string;
}

/** Where a failed call went and what came back; never holds the API key. */
export interface RetailCrmFailure {
  /** Host (and port) of the account, e.g. `shop.retailcrm.ru`. */
  host: string;
  method: string;
  /** API path without the account URL, e.g. `/api/v5/orders/42/edit`. */
  path: string;
  /** HTTP status; absent when no answer came (network error, timeout). */
  status?: number;
  /** `errorMsg` of the answer, when it had one. */
  errorMsg?: string;
  /** `errors` of the answer, normalised. */
  errors?: RetailCrmErrorItem[];
  /** Text that explains the failure when the answer does not (redirect, HTML page, timeout...). */
  detail?: string;
}

/**
 * Base of every error of the RetailCRM client. `retryable` says whether sending the same request
 * again later can help; the client has already retried it `attempts - 1` times.
 */
export abstract class RetailCrmError extends Error {
  readonly retryable: boolean;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly errorMsg?: string;
  readonly errors: RetailCrmErrorItem[];
  /** Requests sent for the call, the first included. */
  attempts = 1;

  protected constructor(failure: RetailCrmFailure, retryable: boolean, summary: string) {
    super(describeFailure(failure, summary));
    this.name = new.target.name;
    this.retryable = retryable;
    this.host = failure.host;
    this.method = failure.method;
    this.path = failure.path;
    this.status = failure.status;
    this.errorMsg = failure.errorMsg;
    this.errors = failure.errors ?? [];
  }
}

/** RetailCRM refused the request for exceeding its rate limit (HTTP 429, or 503 with an API answer). */
export class RetailCrmRateLimitedError extends RetailCrmError {
  /** The wait RetailCRM asked for (Retry-After), if it did. */
  readonly retryAfterMs?: number;

  constructor(failure: RetailCrmFailure, retryAfterMs?: number) {
    super(failure, true, 'rate limited');
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * RetailCRM could not be reached or failed on its side: 5xx, a network error, a timeout.
 * Not retryable when the request was a create that may have been applied (see the client docs).
 */
export class RetailCrmUnavailableError extends RetailCrmError {
  constructor(failure: RetailCrmFailure, retryable = true, summary = 'unavailable') {
    super(failure, retryable, summary);
  }
}

/** No complete answer within the client's `timeoutMs`. */
export class RetailCrmTimeoutError extends RetailCrmUnavailableError {
  constructor(failure: RetailCrmFailure, retryable = true) {
    super(failure, retryable, 'timed out');
  }
}

/** The API key is missing, wrong, or lacks the method or scope (HTTP 401/403, `apiKey` errors). */
export class RetailCrmAuthError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'API key refused');
  }
}

/** The addressed entity (or API method) does not exist (HTTP 404). */
export class RetailCrmNotFoundError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'not found');
  }
}

/** RetailCRM rejected the input (HTTP 400); `errors` names the fields when it did. */
export class RetailCrmValidationError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'rejected the input');
  }
}

/** Any other refusal: an unexpected 4xx, or `success: false` on a 2xx answer. */
export class RetailCrmApiError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'refused the request');
  }
}

/**
 * HTTP 460: a batch call was applied in part. `result` holds the answer without `success`,
 * `errorMsg` and `errors`, i.e. what did succeed (e.g. `uploadedCustomers`) and what failed
 * (e.g. `failedCustomers`). Not retryable: sending it again would repeat the part that succeeded.
 */
export class RetailCrmPartialSuccessError extends RetailCrmError {
  readonly result: Record<string, unknown>;

  constructor(failure: RetailCrmFailure, result: Record<string, unknown>) {
    super(failure, false, 'applied the request only in part');
    this.result = result;
  }
}

/**
 * The URL does not point at a RetailCRM account: an HTML page or other non-JSON answer, a
 * redirect, or RetailCRM's own "Account does not exist". Not retryable: the URL must be fixed.
 */
export class RetailCrmNotAnAccountError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'the URL does not point at a RetailCRM account');
  }
}

/**
 * The account's address is, or now resolves to, a private or loopback address, and private
 * addresses are not allowed (ALLOW_PRIVATE_URLS): nothing was sent. Not retryable: the address
 * (or its DNS) must be fixed.
 */
export class RetailCrmForbiddenAddressError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'the address is not allowed');
  }
}

/** A JSON answer without the part the method needs (e.g. no `history` list). */
export class RetailCrmUnexpectedResponseError extends RetailCrmError {
  constructor(failure: RetailCrmFailure) {
    super(failure, false, 'gave an unexpected answer');
  }
}

function describeFailure(failure: RetailCrmFailure, summary: string): string {
  const answer = failure.status === undefined ? 'no answer' : `HTTP ${failure.status}`;
  const parts = [`RetailCRM ${failure.host} ${failure.method} ${failure.path}: ${summary} (${answer})`];
  if (failure.errorMsg) parts.push(failure.errorMsg);
  if (failure.detail) parts.push(failure.detail);
  const errors = (failure.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
  if (errors.length > 0) parts.push(errors.join('; '));
  return parts.join(' - ');
}
