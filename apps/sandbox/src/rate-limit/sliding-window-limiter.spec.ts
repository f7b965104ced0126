import { SlidingWindowLimiter } from './sliding-window-limiter';

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

  it('holds 8,000 a minute: refuses the 8,001st and frees one slot as each minute-old request leaves', () => {
    const sut = new SlidingWindowLimiter(8_000, 60_000);
    // 8,000 requests spread over the first 40 seconds, 5 ms apart.
    const taken = Array.from({ length: 8_000 }, (_, i) => sut.tryTake('calculate', i * 5));

    expect(taken.every(Boolean)).toBe(true);
    expect(sut.tryTake('calculate', 59_999)).toBe(false);
    expect(sut.tryTake('begin', 59_999)).toBe(true);
    // At 60,000 the request made at 0 is a minute old: one more fits, then none until 60,005.
    expect(sut.tryTake('calculate', 60_000)).toBe(true);
    expect(sut.tryTake('calculate', 60_001)).toBe(false);
    expect(sut.tryTake('calculate', 60_005)).toBe(true);
  });

  it('keeps counting right while it drops expired requests over many windows', () => {
    const sut = new SlidingWindowLimiter(3, 100);
    const perWindow: number[] = [];
    for (let window = 0; window < 2_000; window++) {
      let admitted = 0;
      for (let i = 0; i < 5; i++) if (sut.tryTake('key', window * 100 + i)) admitted++;
      perWindow.push(admitted);
    }

    expect(perWindow.every((admitted) => admitted === 3)).toBe(true);
  });
});
