import type { MindboxValidationMessage } from './responses/envelope';

/** What a Mindbox error knows about the call that failed. No secret is ever part of it. */
export interface MindboxErrorContext {
  operation: string;
  endpointId: string;
  /** The idempotency key sent; reuse it when the call is tried again later. */
  transactionId?: string;
  /** The HTTP status Mindbox answered, or the `httpStatusCode` of an error body that came with 200. */
  status?: number;
  /** Mindbox's id of the failure, to quote to their support. */
  errorId?: string;
  /** HTTP attempts made by the call when it failed. */
  attempts: number;
}

/** Base of the client's errors; `retryable` says whether trying the same call again can help. */
export abstract class MindboxError extends Error {
  abstract readonly retryable: boolean;
  readonly operation: string;
  readonly endpointId: string;
  readonly transactionId?: string;
  readonly status?: number;
  readonly errorId?: string;
  readonly attempts: number;

  constructor(context: MindboxErrorContext, message: string, options?: ErrorOptions) {
    super(`Mindbox ${context.operation} (${context.endpointId}): ${message}`, options);
    this.operation = context.operation;
    this.endpointId = context.endpointId;
    this.transactionId = context.transactionId;
    this.status = context.status;
    this.errorId = context.errorId;
    this.attempts = context.attempts;
  }
}

/** `ValidationError`: Mindbox refused the data (reference §2.1). Fix the data; never retried. */
export class MindboxValidationError extends MindboxError {
  readonly retryable = false;
  readonly validationMessages: MindboxValidationMessage[];

  constructor(context: MindboxErrorContext, validationMessages: MindboxValidationMessage[]) {
    const summary = validationMessages
      .map(({ message, location }) => (location ? `${location}: ${message}` : message))
      .join('; ');
    super(context, `validation failed: ${summary || 'no message'}`);
    this.name = 'MindboxValidationError';
    this.validationMessages = validationMessages;
  }
}

/** A `ProtocolError` or another 4xx that no retry can fix (reference §2.2). */
export class MindboxProtocolError extends MindboxError {
  readonly retryable = false;

  constructor(context: MindboxErrorContext, message: string) {
    super(context, message);
    this.name = 'MindboxProtocolError';
  }
}

/** 400: the request is malformed, or names an order Mindbox does not have. */
export class MindboxBadRequestError extends MindboxProtocolError {
  constructor(context: MindboxErrorContext, message: string) {
    super(context, message);
    this.name = 'MindboxBadRequestError';
  }
}

/** 401 (no credentials) or 403 (wrong credentials): check the endpoint and its secret key. */
export class MindboxAuthError extends MindboxProtocolError {
  constructor(context: MindboxErrorContext, message: string) {
    super(context, message);
    this.name = 'MindboxAuthError';
  }
}

/** 404: wrong URL or operation name. Many of them get the caller's IP blocked for a minute. */
export class MindboxNotFoundError extends MindboxProtocolError {
  constructor(context: MindboxErrorContext, message: string) {
    super(context, message);
    this.name = 'MindboxNotFoundError';
  }
}

/**
 * The API URL is, or now resolves to, a private or loopback address, and private addresses are
 * not allowed (ALLOW_PRIVATE_URLS): nothing was sent. Not retryable: the URL (or its DNS) must be fixed.
 */
export class MindboxForbiddenAddressError extends MindboxError {
  readonly retryable = false;

  constructor(context: MindboxErrorContext, message: string) {
    super(context, `the API address is not allowed: ${message}`);
    this.name = 'MindboxForbiddenAddressError';
  }
}

/** Why Mindbox could not be reached or could not answer. */
export type MindboxUnavailableReason = 'server-error' | 'rate-limited' | 'timeout' | 'network';

/**
 * Mindbox is unavailable for now: 5xx or `InternalServerError`, 429, a timeout or a network
 * error (reference §2.5). Thrown after the client's own retries; a later retry with the same
 * `transactionId` is safe.
 */
export class MindboxUnavailableError extends MindboxError {
  readonly retryable = true;
  readonly reason: MindboxUnavailableReason;
  /** The wait that `Retry-After` asked for, if any. */
  readonly retryAfterMs?: number;

  constructor(
    context: MindboxErrorContext,
    reason: MindboxUnavailableReason,
    message: string,
    options?: ErrorOptions & { retryAfterMs?: number },
  ) {
    super(context, message, options);
    this.name = 'MindboxUnavailableError';
    this.reason = reason;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * A 2xx answer that is not a Mindbox response (no JSON, an unknown `status`). Not retried: the
 * operation may have run, and a sync operation may not be idempotent.
 */
export class MindboxInvalidResponseError extends MindboxError {
  readonly retryable = false;

  constructor(context: MindboxErrorContext, message: string) {
    super(context, message);
    this.name = 'MindboxInvalidResponseError';
  }
}

/** Whether `error` is one of the client's errors. */
export function isMindboxError(error: unknown): error is MindboxError {
  return error instanceof MindboxError;
}
