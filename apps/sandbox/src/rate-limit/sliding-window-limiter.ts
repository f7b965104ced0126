/**
 * At most `limit` requests per key in any window of `windowMs`, like RetailCRM's 10 requests per
 * second per API key or Mindbox's 8,000 a minute per operation. Refused requests do not count, so
 * a client that backs off gets through.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, { times: number[]; first: number }>();

  /**
   * @param limit requests per window; 0 turns the limit off
   * @param windowMs length of the window
   */
  constructor(
    readonly limit: number,
    readonly windowMs = 1_000,
  ) {}

  /** Counts a request of `key` and answers whether it is within the limit. */
  tryTake(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = { times: [], first: 0 }));
    // Times only grow, so the expired ones are at the front: a window of 8,000 is not rescanned
    // on every request, only its expired head is skipped and now and then cut off.
    const { times } = window;
    while (window.first < times.length && now - times[window.first] >= this.windowMs) window.first++;
    if (window.first > 1_000 && window.first * 2 > times.length) {
      times.splice(0, window.first);
      window.first = 0;
    }
    if (times.length - window.first >= this.limit) return false;
    times.push(now);
    return true;
  }
}
