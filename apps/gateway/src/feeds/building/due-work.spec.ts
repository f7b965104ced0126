import type { ProductFeedEntity } from '../storage/product-feed.entity';
import { dueWork } from './due-work';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms);
const rules = { refreshMs: 60_000, fullReadMs: 3_600_000 };

function feed(changes: Partial<ProductFeedEntity> = {}): ProductFeedEntity {
  return Object.assign(new (class {})() as ProductFeedEntity, {
    generation: 3,
    idField: 'offer.externalId',
    syncRun: 2,
    sites: ['shop'],
    fullRequested: false,
    dirty: false,
    fullSyncAt: ago(60_000),
    changeSyncAt: ago(10_000),
    lastErrorAt: null,
    ...changes,
  });
}

const account = { sites: ['shop'], idField: 'offer.externalId' as const };

describe('dueWork', () => {
  it('asks for a full read first: never read, asked for, other shops, or stale', () => {
    expect(dueWork(feed({ syncRun: 0 }), account, NOW, rules)).toBe('full');
    expect(dueWork(feed({ fullRequested: true }), account, NOW, rules)).toBe('full');
    expect(dueWork(feed(), { ...account, sites: ['shop', 'outlet'] }, NOW, rules)).toBe('full');
    expect(dueWork(feed({ fullSyncAt: ago(3_600_000) }), account, NOW, rules)).toBe('full');
  });

  it('asks for a change pass every refresh interval', () => {
    expect(dueWork(feed({ changeSyncAt: ago(60_000) }), account, NOW, rules)).toBe('changes');
    expect(dueWork(feed(), account, NOW, rules)).toBeNull();
  });

  it('asks for a render when the copy changed or the id field did', () => {
    expect(dueWork(feed({ dirty: true }), account, NOW, rules)).toBe('render');
    expect(dueWork(feed(), { ...account, idField: 'offer.id' }, NOW, rules)).toBe('render');
  });

  it('waits after a failure', () => {
    expect(dueWork(feed({ fullRequested: true, lastErrorAt: ago(5_000) }), account, NOW, rules)).toBeNull();
    expect(dueWork(feed({ fullRequested: true, lastErrorAt: ago(60_000) }), account, NOW, rules)).toBe(
      'full',
    );
  });
});
