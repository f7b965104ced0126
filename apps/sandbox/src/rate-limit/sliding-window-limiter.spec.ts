import { SlidingWindowLimiter } from './rate-limiter';

describe('SlidingWindowLimiter', () => {
  it('lets 10 requests of a key through in a second and refuses the 11th', () => {
    const sut = new SlidingWindowLimiter(10);
    const answers = Array.from({ length: 11 }, (_, i) => sut.tryTake('key', 1_000 + i * 50));

    expect(answers.filter(Boolean)).toHaveLength(10);
    expect(answers[10]).toBe(false);
  });

  it('counts keys apart and frees the window a second later', () => {
    const sut = new SlidingWindowLimiter(2);
    sut.tryTake('a', 0);
    sut.tryTake('a', 10);

    expect(sut.tryTake('a', 20)).toBe(false);
    expect(sut.tryTake('b', 20)).toBe(true);
    expect(sut.tryTake('a', 1_001)).toBe(true);
  });

  it('never refuses with the limit off', () => {
    const sut = new SlidingWindowLimiter(0);

    expect(Array.from({ length: 100 }, () => sut.tryTake('key', 0)).every(Boolean)).toBe(true);
  });
});
