/**
 * At most `limit` requests per key in any window of `windowMs`, like RetailCRM's 10 requests per
 * second per API key. Refused requests do not count, so a client that backs off gets through.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  /** @param limit requests per window; 0 turns the limit off */
  constructor(
    readonly limit: number,
    private readonly windowMs = 1_000,
  ) {}

  /** Counts a request of `key` and answers whether it is within the limit. */
  tryTake(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    const window = (this.windows.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (window.length >= this.limit) {
      this.windows.set(key, window);
      return false;
    }
    window.push(now);
    this.windows.set(key, window);
    return true;
  }
}
