import type { AccountEntity, SettingsRepository } from '@app/settings';
import { RECENT_ACCOUNT_TTL_MS, RecentAccounts } from './recent-accounts';

describe('RecentAccounts', () => {
  const account = { id: 'a-1', clientId: 'c'.repeat(64), hookToken: 'h'.repeat(48) } as AccountEntity;
  let reads: string[];
  let sut: RecentAccounts;
  // lru-cache measures its TTL with performance.now(): the test moves that clock.
  let now: number;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    reads = [];
    const settings = {
      findAccountByHookToken: jest.fn(async (token: string) => {
        reads.push(`hook:${token}`);
        return token === account.hookToken ? account : null;
      }),
      findAccountByClientId: jest.fn(async (clientId: string) => {
        reads.push(`client:${clientId}`);
        return clientId === account.clientId ? account : null;
      }),
    } as unknown as SettingsRepository;
    sut = new RecentAccounts(settings);
  });

  afterEach(() => jest.restoreAllMocks());

  it('reads an account once while it is recent, and again when the time is over', async () => {
    expect(await sut.byHook(account.hookToken)).toBe(account);
    expect(await sut.byHook(account.hookToken)).toBe(account);
    expect(reads).toHaveLength(1);

    now += RECENT_ACCOUNT_TTL_MS + 1;
    // lru-cache reuses its last reading of the clock for a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await sut.byHook(account.hookToken)).toBe(account);
    expect(reads).toHaveLength(2);
  });

  it('shares one read among concurrent calls with the same secret', async () => {
    const found = await Promise.all([1, 2, 3].map(() => sut.byClient(account.clientId)));

    expect(found).toEqual([account, account, account]);
    expect(reads).toEqual([`client:${account.clientId}`]);
  });

  it('never keeps an unknown secret: each guess is looked up and finds nothing', async () => {
    expect(await sut.byHook('x'.repeat(48))).toBeNull();
    expect(await sut.byHook('x'.repeat(48))).toBeNull();
    expect(await sut.byClient('d'.repeat(64))).toBeNull();

    expect(reads).toHaveLength(3);
  });

  it('forgets an account at once when this replica changed it', async () => {
    await sut.byHook(account.hookToken);
    await sut.byClient(account.clientId);

    sut.forget(account);
    await sut.byHook(account.hookToken);
    await sut.byClient(account.clientId);

    expect(reads).toHaveLength(4);
  });
});
