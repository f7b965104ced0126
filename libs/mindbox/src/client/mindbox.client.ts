import { Logger } from '@nestjs/common';
import { retryWithBackoff } from '@app/common/http/backoff';
import { privateAddressRefusal } from '@app/common/http/public-only-dispatcher';
import type { RateBudget } from '@app/common/rate-budget/rate-budget';
import {
  MINDBOX_DEFAULT_API_URL,
  MINDBOX_DEFAULT_MAX_ATTEMPTS,
  MINDBOX_DEFAULT_PER_SECOND,
  MINDBOX_DEFAULT_RETRY_BASE_DELAY_MS,
  MINDBOX_DEFAULT_RETRY_MAX_DELAY_MS,
  MINDBOX_DEFAULT_TIMEOUT_MS,
  MINDBOX_INTEGRATION_NAME,
} from '../mindbox.constants';
import {
  MindboxAuthError,
  MindboxBadRequestError,
  MindboxError,
  MindboxErrorContext,
  MindboxForbiddenAddressError,
  MindboxInvalidResponseError,
  MindboxNotFoundError,
  MindboxProtocolError,
  MindboxUnavailableError,
  MindboxValidationError,
} from '../mindbox.errors';
import type {
  MindboxAsyncOptions,
  MindboxAsyncResult,
  MindboxAuthScheme,
  MindboxClientOptions,
  MindboxResponseBody,
  MindboxResult,
  MindboxSyncOptions,
} from '../mindbox.interfaces';
import { classifyOutcome, MindboxOutcome } from './outcome';
import { resolveTransactionId } from './transaction-id';

type Mode = 'sync' | 'async';

interface Call {
  mode: Mode;
  operation: string;
  payload: string;
  transactionId?: string;
  deviceUuid?: string;
}

function authorizationHeader(scheme: MindboxAuthScheme, secretKey: string): string {
  return scheme === 'legacy' ? `Mindbox secretKey="${secretKey}"` : `SecretKey ${secretKey}`;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const messageOf = (value: unknown): string | undefined => {
  const message = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
};

// fetch reports "fetch failed" and puts the reason (ECONNREFUSED, a reset socket) in `cause`.
// Read by shape: the error may come from another realm (a test VM), where instanceof fails.
function describeNetworkError(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | null | undefined)?.cause);
  return cause ? `${message} (${cause})` : message;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`Mindbox client: ${name} must be a positive number`);
  return value;
}

/**
 * A typed client of the Mindbox API v3 for one project (endpoint and secret key).
 *
 * Each call is a `POST {apiUrl}/v3/operations/{sync|async}` with JSON in and out. Every HTTP
 * attempt first takes a slot of the shared budget `mindbox:<endpointId>:<operation>`. Answers
 * are classified by {@link classifyOutcome}: successes resolve, everything else throws a
 * {@link MindboxError} that says whether a retry can help. Transient failures (5xx, 429,
 * timeouts, network) are retried here with exponential backoff and jitter, always with the same
 * `transactionId`. The secret key appears in no error and no log line.
 */
export class MindboxClient {
  /** The endpoint (integration point) this client calls. */
  readonly endpointId: string;
  /** The base URL, without a trailing slash. */
  readonly apiUrl: string;

  readonly #authorization: string;
  readonly #secretKey: string;
  readonly #budget: RateBudget;
  readonly #fetch: typeof fetch;
  readonly #deviceUuid?: string;
  readonly #perSecond: number;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #retryBaseDelayMs: number;
  readonly #retryMaxDelayMs: number;
  readonly #logger = new Logger(MindboxClient.name);

  constructor(options: MindboxClientOptions) {
    if (!options.endpointId?.trim()) throw new TypeError('Mindbox client: endpointId is required');
    if (!options.secretKey?.trim()) throw new TypeError('Mindbox client: secretKey is required');
    const apiUrl = (options.apiUrl ?? MINDBOX_DEFAULT_API_URL).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(apiUrl))
      throw new TypeError('Mindbox client: apiUrl must be an http(s) URL');
    this.apiUrl = apiUrl;
    this.endpointId = options.endpointId.trim();
    this.#secretKey = options.secretKey.trim();
    this.#authorization = authorizationHeader(options.authScheme ?? 'SecretKey', this.#secretKey);
    this.#budget = options.budget;
    this.#fetch = options.fetch ?? fetch;
    this.#deviceUuid = options.deviceUuid?.trim() || undefined;
    this.#perSecond = positive('perSecond', options.perSecond ?? MINDBOX_DEFAULT_PER_SECOND);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? MINDBOX_DEFAULT_TIMEOUT_MS);
    this.#maxAttempts = Math.floor(
      positive('maxAttempts', options.maxAttempts ?? MINDBOX_DEFAULT_MAX_ATTEMPTS),
    );
    this.#retryBaseDelayMs = options.retryBaseDelayMs ?? MINDBOX_DEFAULT_RETRY_BASE_DELAY_MS;
    this.#retryMaxDelayMs = options.retryMaxDelayMs ?? MINDBOX_DEFAULT_RETRY_MAX_DELAY_MS;
  }

  /**
   * Runs a synchronous operation and returns its answer.
   *
   * @param operation the operation's system name in the project, e.g. `Website.CalculateAuthorizedCart`
   * @param body the request body, sent as JSON
   * @param options `transactionId`: the key stored before the call (generated when omitted, not
   *   sent when `false`); `deviceUuid`: overrides the client's
   * @throws MindboxValidationError, MindboxProtocolError (and its 400/401/403/404 kinds),
   *   MindboxInvalidResponseError: not retryable; MindboxUnavailableError after the last attempt
   */
  async sync<T extends object = MindboxResponseBody>(
    operation: string,
    body: object,
    options: MindboxSyncOptions = {},
  ): Promise<MindboxResult<T>> {
    const resolved =
      options.transactionId === false ? undefined : resolveTransactionId(options.transactionId);
    return this.call<T>(
      {
        mode: 'sync',
        operation,
        payload: JSON.stringify(body),
        transactionId: resolved?.transactionId,
        deviceUuid: options.deviceUuid,
      },
      resolved?.generated ?? false,
    );
  }

  /**
   * Queues an asynchronous operation in Mindbox; the answer carries only the status. The
   * `transactionId` makes a repeat safe (`TransactionAlreadyProcessed`).
   *
   * @param operation the operation's system name in the project, e.g. `Website.UpdateOrderStatus`
   * @param body the request body, sent as JSON
   * @param options `transactionId`: the key stored before the call (generated when omitted)
   * @throws as {@link MindboxClient.sync}
   */
  async async(
    operation: string,
    body: object,
    options: MindboxAsyncOptions = {},
  ): Promise<MindboxAsyncResult> {
    const { transactionId, generated } = resolveTransactionId(options.transactionId);
    const result = await this.call<MindboxResponseBody>(
      {
        mode: 'async',
        operation,
        payload: JSON.stringify(body),
        transactionId,
        deviceUuid: options.deviceUuid,
      },
      generated,
    );
    return { ...result, transactionId };
  }

  private async call<T>(call: Call, transactionIdGenerated: boolean): Promise<MindboxResult<T>> {
    if (!call.operation?.trim()) throw new TypeError('Mindbox client: operation is required');
    const url = this.urlOf(call);
    return retryWithBackoff((attempt) => this.attempt<T>(call, url, attempt, transactionIdGenerated), {
      attempts: this.#maxAttempts,
      baseDelayMs: this.#retryBaseDelayMs,
      maxDelayMs: this.#retryMaxDelayMs,
      retryable: (error) => error instanceof MindboxError && error.retryable,
      retryAfterMs: (error) => (error instanceof MindboxUnavailableError ? error.retryAfterMs : undefined),
      onRetry: (error, attempt, delayMs) =>
        this.#logger.warn(
          `${(error as Error).message}; attempt ${attempt} of ${this.#maxAttempts}, retrying in ${Math.round(delayMs)} ms` +
            (call.transactionId ? ` with transactionId ${call.transactionId}` : ''),
        ),
    });
  }

  private urlOf(call: Call): string {
    const query = new URLSearchParams({ endpointId: this.endpointId, operation: call.operation });
    if (call.transactionId) query.set('transactionId', call.transactionId);
    const deviceUuid = call.deviceUuid ?? this.#deviceUuid;
    if (deviceUuid) query.set('deviceUUID', deviceUuid);
    return `${this.apiUrl}/v3/operations/${call.mode}?${query}`;
  }

  private async attempt<T>(
    call: Call,
    url: string,
    attempt: number,
    transactionIdGenerated: boolean,
  ): Promise<MindboxResult<T>> {
    const context: MindboxErrorContext = {
      operation: call.operation,
      endpointId: this.endpointId,
      transactionId: call.transactionId,
      attempts: attempt,
    };
    await this.#budget.take(`mindbox:${this.endpointId}:${call.operation}`, this.#perSecond);

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          Authorization: this.#authorization,
          Accept: 'application/json',
          'Content-Type': 'application/json; charset=utf-8',
          'Mindbox-Integration': MINDBOX_INTEGRATION_NAME,
        },
        body: call.payload,
        // A redirect would carry the secret key elsewhere; Mindbox's API does not use them.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const refusal = privateAddressRefusal(error);
      if (refusal) throw new MindboxForbiddenAddressError(context, refusal.message);
      const name = (error as { name?: unknown } | null | undefined)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new MindboxUnavailableError(
        context,
        timedOut ? 'timeout' : 'network',
        timedOut
          ? `no answer within ${this.#timeoutMs} ms`
          : `network error: ${this.redact(describeNetworkError(error))}`,
        { cause: error },
      );
    }

    const outcome = classifyOutcome(response.status, parseJson(text));
    if (outcome.kind === 'success') {
      const body = outcome.envelope.raw as MindboxResponseBody;
      const base = { transactionId: call.transactionId, transactionIdGenerated, attempts: attempt };
      return outcome.alreadyProcessed
        ? { ...base, alreadyProcessed: true, body }
        : { ...base, alreadyProcessed: false, body: body as unknown as T };
    }
    throw this.errorOf(outcome, { ...context, status: response.status }, response.headers.get('retry-after'));
  }

  private errorOf(
    outcome: Exclude<MindboxOutcome, { kind: 'success' }>,
    context: MindboxErrorContext,
    retryAfter: string | null,
  ): MindboxError {
    const { envelope } = outcome;
    const withDetails: MindboxErrorContext = {
      ...context,
      status: 'status' in outcome && outcome.status !== undefined ? outcome.status : context.status,
      errorId: envelope.errorId,
    };
    const what = [
      `HTTP ${context.status}`,
      envelope.rawStatus,
      envelope.httpStatusCode !== undefined && envelope.httpStatusCode !== context.status
        ? `httpStatusCode ${envelope.httpStatusCode}`
        : undefined,
      envelope.errorMessage ? `"${this.redact(envelope.errorMessage)}"` : undefined,
      envelope.errorId ? `errorId ${envelope.errorId}` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    switch (outcome.kind) {
      case 'validation':
        return new MindboxValidationError(
          withDetails,
          envelope.validationMessages.map((entry) => ({
            ...entry,
            message: this.redact(entry.message),
          })),
        );
      case 'bad-request':
        return new MindboxBadRequestError(withDetails, `bad request (${what})`);
      case 'auth':
        return new MindboxAuthError(withDetails, `authentication refused (${what})`);
      case 'not-found':
        return new MindboxNotFoundError(withDetails, `not found (${what})`);
      case 'protocol':
        return new MindboxProtocolError(withDetails, `request refused (${what})`);
      case 'unavailable':
        return new MindboxUnavailableError(
          withDetails,
          outcome.reason,
          outcome.reason === 'rate-limited' ? `rate limited (${what})` : `unavailable (${what})`,
          { retryAfterMs: retryAfterMs(retryAfter) },
        );
      case 'invalid-response':
        return new MindboxInvalidResponseError(
          withDetails,
          `not a Mindbox answer (${what}${envelope.rawStatus ? '' : ', no status'})`,
        );
    }
  }

  /** Removes the secret key from text that came from outside (an echoed request, an error). */
  private redact(text: string): string {
    return text.split(this.#secretKey).join('[redacted]');
  }
}
