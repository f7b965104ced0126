import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxRelay, OutboxService } from '@app/messaging';
import type { AccountEntity } from '@app/settings';
import type { RecentAccounts } from '../accounts/recent-accounts';
import { HooksService } from './hooks.service';

describe('HooksService', () => {
  const account = { id: 'a-1', active: true, frozen: false } as AccountEntity;
  let waiting: boolean;
  let queued: { entity: string; hint?: string }[];
  let sut: HooksService;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    waiting = false;
    queued = [];
    const em = {
      query: jest.fn(async () => (waiting ? [{ '?column?': 1 }] : [])),
    } as unknown as EntityManager;
    const dataSource = {
      transaction: jest.fn(async (work: (em: EntityManager) => Promise<unknown>) => work(em)),
    } as unknown as DataSource;
    const outbox = {
      enqueue: jest.fn(
        async (_em: EntityManager, _contract: unknown, payload: { entity: string; hint?: string }) => {
          queued.push({ entity: payload.entity, hint: payload.hint });
        },
      ),
    } as unknown as OutboxService;
    const relay = { wake: jest.fn() } as unknown as OutboxRelay;
    sut = new HooksService(dataSource, {} as RecentAccounts, outbox, relay);
  });

  afterEach(() => {
    sut.onModuleDestroy();
    jest.useRealTimers();
  });

  it('queues the first call of a burst at once and one more when its second is over', async () => {
    await sut.trigger(account, 'customers', '1');
    jest.advanceTimersByTime(300);
    await sut.trigger(account, 'customers', '2');
    jest.advanceTimersByTime(300);
    await sut.trigger(account, 'customers', '3');
    expect(queued).toEqual([{ entity: 'customers', hint: '1' }]);

    await jest.advanceTimersByTimeAsync(400);

    expect(queued).toEqual([
      { entity: 'customers', hint: '1' },
      { entity: 'customers', hint: undefined },
    ]);
  });

  it('keeps customers and orders apart, and queues again after a quiet second', async () => {
    await sut.trigger(account, 'customers', undefined);
    await sut.trigger(account, 'orders', undefined);
    await jest.advanceTimersByTimeAsync(1_500);
    await sut.trigger(account, 'customers', undefined);

    expect(queued.map((q) => q.entity)).toEqual(['customers', 'orders', 'customers']);
  });

  it('adds nothing while a request still waits in the outbox (another replica queued it)', async () => {
    waiting = true;
    const outcome = await sut.trigger(account, 'orders', undefined);

    expect(outcome).toEqual({ accepted: true, queued: true });
    expect(queued).toEqual([]);
  });

  it('queues nothing for an account out of service', async () => {
    const outcome = await sut.trigger({ ...account, frozen: true } as AccountEntity, 'orders', undefined);
    await jest.advanceTimersByTimeAsync(2_000);

    expect(outcome).toEqual({ accepted: true, queued: false });
    expect(queued).toEqual([]);
  });
});
