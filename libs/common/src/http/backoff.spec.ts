import { backoffDelay, retryWithBackoff } from './backoff';

describe('backoffDelay', () => {
  it('doubles per retry within [half, full] of the nominal delay and stops at the maximum', () => {
    for (let i = 0; i < 200; i += 1) {
      const first = backoffDelay(1, 100, 5_000);
      const third = backoffDelay(3, 100, 5_000);
      const capped = backoffDelay(20, 100, 5_000);
      expect(first).toBeGreaterThanOrEqual(50);
      expect(first).toBeLessThanOrEqual(100);
      expect(third).toBeGreaterThanOrEqual(200);
      expect(third).toBeLessThanOrEqual(400);
      expect(capped).toBeLessThanOrEqual(5_000);
      expect(capped).toBeGreaterThanOrEqual(2_500);
    }
  });
});

describe('retryWithBackoff', () => {
  const transient = Object.assign(new Error('503'), { retryable: true });
  const fatal = Object.assign(new Error('401'), { retryable: false });
  const options = {
    attempts: 4,
    baseDelayMs: 1,
    maxDelayMs: 5,
    retryable: (error: unknown) => (error as { retryable?: boolean }).retryable === true,
  };

  it('retries transient failures until one attempt succeeds', async () => {
    const seen: number[] = [];
    const result = await retryWithBackoff(async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw transient;
      return 'ok';
    }, options);
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(async () => {
        calls += 1;
        throw transient;
      }, options),
    ).rejects.toBe(transient);
    expect(calls).toBe(4);
  });

  it('never retries an error that says retrying cannot help', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(async () => {
        calls += 1;
        throw fatal;
      }, options),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('honours a server-given wait and reports each retry', async () => {
    const retries: [number, number][] = [];
    await retryWithBackoff(
      async (attempt) => {
        if (attempt === 1) throw transient;
      },
      {
        ...options,
        retryAfterMs: () => 3,
        onRetry: (_error, attempt, delay) => retries.push([attempt, delay]),
      },
    );
    expect(retries).toEqual([[1, 3]]);
  });
});
