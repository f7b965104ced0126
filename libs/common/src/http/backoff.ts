import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link retryWithBackoff}. */
export interface BackoffOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
  /** Whether an error may be retried. */
  retryable: (error: unknown) => boolean;
  /** A server-given wait (Retry-After) that overrides the computed delay, if any. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each retry, e.g. to log or count it. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Exponential backoff with "equal jitter": half of the doubled delay is fixed, half random, so
 * retries of many callers spread out but never come back sooner than half the nominal delay.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number): number {
  const nominal = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return nominal / 2 + Math.random() * (nominal / 2);
}

/** Runs `work` until it succeeds, fails with a non-retryable error or runs out of attempts. */
export async function retryWithBackoff<T>(
  work: (attempt: number) => Promise<T>,
  options: BackoffOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.retryable(error)) throw error;
      const delay =
        options.retryAfterMs?.(error) ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs);
      options.onRetry?.(error, attempt, delay);
      await sleep(Math.min(delay, options.maxDelayMs));
    }
  }
}
