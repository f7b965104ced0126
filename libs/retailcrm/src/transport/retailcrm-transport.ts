import type { LoggerService } from '@nestjs/common';
import { retryWithBackoff } from '@app/common/http/backoff';
import { privateAddressRefusal } from '@app/common/http/public-only-dispatcher';
import { RateBudget } from '@app/common/rate-budget/rate-budget';
import { FilterValue } from '../model/common.types';
import { errorsOf } from '../model/normalise';
import {
  RetailCrmApiError,
  RetailCrmAuthError,
  RetailCrmError,
  RetailCrmForbiddenAddressError,
  RetailCrmFailure,
  RetailCrmNotAnAccountError,
  RetailCrmNotFoundError,
  RetailCrmPartialSuccessError,
  RetailCrmRateLimitedError,
  RetailCrmTimeoutError,
  RetailCrmUnavailableError,
  RetailCrmUnexpectedResponseError,
  RetailCrmValidationError,
} from '../retailcrm.errors';
import { redactJson } from './api-key';
import { ApiResponse } from './api-response';
import { toQueryString } from './query-string';

/** Where the client writes its retries. Nest's `Logger` fits. */
export type RetailCrmLogger = Pick<LoggerService, 'warn'>;

/** Settings of a {@link RetailCrmTransport}; built by the client from its options. */
export interface TransportSettings {
  /** Account URL without trailing slashes. */
  baseUrl: string;
  host: string;
  apiKey: string;
  budget: RateBudget;
  budgetKey: string;
  ratePerSecond: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  fetch: typeof fetch;
  logger: RetailCrmLogger;
  redact: (text: string) => string;
}

/** One API call. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Path under the account URL, e.g. `/api/v5/orders`. */
  path: string;
  query?: Record<string, FilterValue>;
  /** POST form fields; objects and lists are sent as JSON text (`order={...}`). */
  form?: Record<string, unknown>;
  /**
   * Whether sending the request twice leaves the account as sending it once. GETs are; POSTs must
   * say so. A POST that is not is retried only when RetailCRM refused it for its rate limit.
   */
  idempotent?: boolean;
}

/**
 * The HTTP side of the client: one budget slot per request, a timeout on each, retries with
 * backoff, and every answer turned into a JSON body or a typed {@link RetailCrmError}.
 */
export class RetailCrmTransport {
  constructor(private readonly settings: TransportSettings) {}

  /** Host (and port) of the account. */
  get host(): string {
    return this.settings.host;
  }

  /** Sends `request` (retrying what may be retried) and gives the successful answer. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const idempotent = request.method === 'GET' || request.idempotent === true;
    const { maxAttempts, retryBaseDelayMs, retryMaxDelayMs, logger, redact } = this.settings;
    return retryWithBackoff(
      async (attempt) => {
        try {
          return await this.sendOnce(request, idempotent);
        } catch (error) {
          if (error instanceof RetailCrmError) {
            error.attempts = attempt;
            // Last line of defence: whatever went into the text, the key does not come out.
            error.message = redact(error.message);
            if (error.stack) error.stack = redact(error.stack);
          }
          throw error;
        }
      },
      {
        attempts: maxAttempts,
        baseDelayMs: retryBaseDelayMs,
        maxDelayMs: retryMaxDelayMs,
        retryable: (error) => error instanceof RetailCrmError && error.retryable,
        retryAfterMs: (error) =>
          error instanceof RetailCrmRateLimitedError ? error.retryAfterMs : undefined,
        onRetry: (error, attempt, delayMs) => {
          const wait = Math.round(Math.min(delayMs, retryMaxDelayMs));
          logger.warn(
            redact(`${(error as Error).message}; attempt ${attempt + 1} of ${maxAttempts} in ${wait} ms`),
          );
        },
      },
    );
  }

  private async sendOnce(request: ApiRequest, idempotent: boolean): Promise<ApiResponse> {
    const { budget, budgetKey, ratePerSecond, apiKey, timeoutMs, host } = this.settings;
    const where: RetailCrmFailure = { host, method: request.method, path: request.path };
    await budget.take(budgetKey, ratePerSecond);

    const headers: Record<string, string> = { 'X-API-KEY': apiKey, Accept: 'application/json' };
    let body: string | undefined;
    if (request.method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(request.form ?? {});
    }
    let response: Response;
    let text: string;
    try {
      response = await this.settings.fetch(this.urlOf(request), {
        method: request.method,
        headers,
        body,
        // A redirect would carry X-API-KEY to wherever it points; an API never redirects.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw this.noAnswer(where, error, idempotent);
    }
    return this.interpret(where, response, text, idempotent);
  }

  private urlOf(request: ApiRequest): string {
    const query = request.query ? toQueryString(request.query) : '';
    return `${this.settings.baseUrl}${request.path}${query ? `?${query}` : ''}`;
  }

  private noAnswer(where: RetailCrmFailure, error: unknown, idempotent: boolean): RetailCrmError {
    const unsure = idempotent ? '' : '; the request may have been applied, so it is not retried';
    if (isTimeout(error)) {
      return new RetailCrmTimeoutError(
        { ...where, detail: `no answer within ${this.settings.timeoutMs} ms${unsure}` },
        idempotent,
      );
    }
    const refusal = privateAddressRefusal(error);
    if (refusal) return new RetailCrmForbiddenAddressError({ ...where, detail: refusal.message });
    // The cause is described, not attached: foreign error objects may quote the URL.
    const detail = this.settings.redact(`${describeCause(error)}${unsure}`);
    return new RetailCrmUnavailableError({ ...where, detail }, idempotent);
  }

  private interpret(
    where: RetailCrmFailure,
    response: Response,
    text: string,
    idempotent: boolean,
  ): ApiResponse {
    const { status } = response;
    const failure: RetailCrmFailure = { ...where, status };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));

    if (status >= 300 && status < 400) {
      const target = this.settings.redact(originOf(response.headers.get('location')));
      throw new RetailCrmNotAnAccountError({ ...failure, detail: `redirected to ${target}` });
    }

    const parsed = parseJson(text);
    if (parsed === undefined) {
      const type = response.headers.get('content-type')?.split(';')[0] || 'no content type';
      const detail = `answered ${type} instead of JSON`;
      if (status === 429) throw new RetailCrmRateLimitedError({ ...failure, detail }, retryAfterMs);
      if (status >= 500) throw new RetailCrmUnavailableError({ ...failure, detail }, idempotent);
      throw new RetailCrmNotAnAccountError({ ...failure, detail });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RetailCrmUnexpectedResponseError({ ...failure, detail: 'the answer is not a JSON object' });
    }
    const body = parsed as Record<string, unknown>;
    if (status >= 200 && status < 300 && body.success !== false) return new ApiResponse(body, failure);

    // From here on the body goes into errors: nothing of it may quote the key.
    const safe = redactJson(body, this.settings.redact) as Record<string, unknown>;
    const details: RetailCrmFailure = {
      ...failure,
      errorMsg: typeof safe.errorMsg === 'string' ? safe.errorMsg : undefined,
      errors: errorsOf(safe.errors),
    };
    throw classify(details, safe, retryAfterMs, idempotent);
  }
}

/** The typed error of an error answer that came as JSON. */
function classify(
  failure: RetailCrmFailure,
  body: Record<string, unknown>,
  retryAfterMs: number | undefined,
  idempotent: boolean,
): RetailCrmError {
  const status = failure.status ?? 0;
  const message = failure.errorMsg ?? '';
  if (status === 460) {
    const { success: _success, errorMsg: _errorMsg, errors: _errors, ...result } = body;
    return new RetailCrmPartialSuccessError(failure, result);
  }
  // RetailCRM answers its rate limit with 503 (the official clients treat 429 the same way); a
  // refused request was not applied, so even a create may be sent again.
  if (status === 429 || status === 503) return new RetailCrmRateLimitedError(failure, retryAfterMs);
  if (status >= 500) return new RetailCrmUnavailableError(failure, idempotent);
  if (/account does not exist/i.test(message)) return new RetailCrmNotAnAccountError(failure);
  if (status === 401 || status === 403 || /apikey|access denied/i.test(message)) {
    return new RetailCrmAuthError(failure);
  }
  if (status === 404) return new RetailCrmNotFoundError(failure);
  if (status === 400) return new RetailCrmValidationError(failure);
  return new RetailCrmApiError(failure);
}

function encodeForm(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    form.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const reason = cause?.code ?? cause?.message;
  return typeof reason === 'string' && reason !== message ? `${message}: ${reason}` : message;
}

/** Only the origin of a redirect target: its path or query could hold anything. */
function originOf(location: string | null): string {
  if (!location) return 'nowhere';
  try {
    return new URL(location).origin;
  } catch {
    return 'a relative location';
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
