/** The default API host; projects may live on another (reference §1.1), so it is configurable. */
export const MINDBOX_DEFAULT_API_URL = 'https://api.mindbox.ru';

/**
 * Requests per second per operation and endpoint: Mindbox allows 8,000 a minute (≈133 a second,
 * reference §2.3); 125 leaves a margin for clock drift between the budget and Mindbox.
 */
export const MINDBOX_DEFAULT_PER_SECOND = 125;

/** Per-attempt timeout of a call (the calculation itself takes about 300 ms). */
export const MINDBOX_DEFAULT_TIMEOUT_MS = 15_000;

/** Attempts per call, the first included. */
export const MINDBOX_DEFAULT_MAX_ATTEMPTS = 5;

/** Delay before the first retry; it doubles with each further retry, with jitter. */
export const MINDBOX_DEFAULT_RETRY_BASE_DELAY_MS = 1_000;

/** Upper bound of one retry delay, a `Retry-After` included. */
export const MINDBOX_DEFAULT_RETRY_MAX_DELAY_MS = 10_000;

/** Value of the `Mindbox-Integration` header, which tells Mindbox's support who is calling. */
export const MINDBOX_INTEGRATION_NAME = 'RetailCRM-Mindbox';
