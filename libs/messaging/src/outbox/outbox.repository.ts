import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxMessageEntity } from './outbox-message.entity';

/** A row to add to the outbox. */
export type NewOutboxMessage = Pick<
  OutboxMessageEntity,
  'id' | 'producer' | 'routingKey' | 'accountId' | 'payload'
>;

/** How far the relay is behind. */
export interface OutboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
}

/** All SQL of the outbox table. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a message inside the caller's transaction. */
  async add(em: EntityManager, message: NewOutboxMessage): Promise<void> {
    // jsonb payloads are plain objects, which TypeORM's deep-partial type cannot express.
    await em.insert(OutboxMessageEntity, message as QueryDeepPartialEntity<OutboxMessageEntity>);
  }

  /**
   * Locks up to `limit` due, unpublished rows of a producer for the caller's transaction;
   * rows another relay replica holds are skipped, not waited for.
   */
  claimDue(em: EntityManager, producer: string, limit: number): Promise<OutboxMessageEntity[]> {
    return em
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('o')
      .where('o.producer = :producer', { producer })
      .andWhere('o.publishedAt IS NULL')
      .andWhere('o.nextAttemptAt <= now()')
      .orderBy('o.createdAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markPublished(em: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await em
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set({ publishedAt: () => 'now()', lastError: null })
      .whereInIds(ids)
      .execute();
  }

  async markFailed(em: EntityManager, id: string, error: string, retryInMs: number): Promise<void> {
    await em
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set({
        attempts: () => 'attempts + 1',
        lastError: error.slice(0, 2000),
        nextAttemptAt: () => `now() + make_interval(secs => ${Math.max(0, retryInMs) / 1000})`,
      })
      .whereInIds([id])
      .execute();
  }

  async backlog(producer: string): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM outbox_message WHERE producer = $1 AND published_at IS NULL`,
      [producer],
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }

  /** Deletes published rows older than the given age; returns how many. */
  async prunePublished(olderThanSeconds: number): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM outbox_message WHERE published_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return result[1] ?? 0;
  }
}
