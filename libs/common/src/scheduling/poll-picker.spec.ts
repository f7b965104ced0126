import { PollPicker } from './poll-picker';

const none = new Set<string>();
const accounts = (...ids: string[]) => ids.map((accountId) => ({ accountId, requested: false }));

describe('PollPicker', () => {
  it('gives every account its turn, most overdue first, however few the slots', () => {
    const picker = new PollPicker(1_000);
    const all = accounts('a', 'b', 'c', 'd', 'e');
    const turns: string[][] = [];
    for (let now = 10_000; now < 10_000 + 3 * 400; now += 400) {
      const picked = picker.pick(all, none, 2, now);
      picked.forEach((id) => picker.started(id, now));
      turns.push(picked);
    }
    expect(turns).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('puts an account that asked, or has more to read, before the timed ones', () => {
    const picker = new PollPicker(1_000);
    for (const id of ['a', 'b', 'c']) picker.started(id, 0);
    picker.succeeded('c', true);

    const picked = picker.pick(
      [...accounts('a', 'b', 'c'), { accountId: 'd', requested: true }],
      none,
      2,
      5_000,
    );

    expect(picked.sort()).toEqual(['c', 'd']);
  });

  it('skips accounts with a pass running', () => {
    const picker = new PollPicker(1_000);
    expect(picker.pick(accounts('a', 'b'), new Set(['a']), 4, 0)).toEqual(['b']);
  });

  it('lets a failing account wait twice as long after each failure, up to a minute, and forgets on success', () => {
    const picker = new PollPicker(1_000);
    const due = (now: number) => picker.pick(accounts('x'), none, 1, now).length === 1;
    picker.started('x', 0);
    picker.failed('x');
    expect([due(1_999), due(2_000)]).toEqual([false, true]);
    for (let n = 0; n < 10; n++) picker.failed('x');
    expect([due(59_999), due(60_000)]).toEqual([false, true]);
    picker.succeeded('x', false);
    expect(due(1_000)).toBe(true);
  });

  it('does not let failing accounts take the slots of working ones', () => {
    const picker = new PollPicker(300);
    const dead = accounts(...Array.from({ length: 20 }, (_, i) => `dead-${i}`));
    const all = [...dead, ...accounts('live')];
    let livePasses = 0;
    for (let now = 0; now < 10_000; now += 100) {
      for (const id of picker.pick(all, none, 4, now)) {
        picker.started(id, now);
        if (id === 'live') {
          livePasses += 1;
          picker.succeeded(id, false);
        } else picker.failed(id);
      }
    }
    // Every 300 ms, give or take the ticks, while the 20 dead accounts back off to once a minute.
    expect(livePasses).toBeGreaterThanOrEqual(20);
  });
});
