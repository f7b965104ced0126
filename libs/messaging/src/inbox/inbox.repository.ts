import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** All SQL of the inbox table. */
@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records that `consumer` applies `messageId`, inside the handler's transaction. False means
   * the message was applied before: a concurrent twin blocks on the key until the first commits.
   */
  async record(em: EntityManager, consumer: string, messageId: string, routingKey: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO inbox_message (consumer, message_id, routing_key) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumer, messageId, routingKey],
    );
    return rows.length === 1;
  }

  /** Forgets messages older than the longest retry horizon; returns how many. */
  async prune(olderThanSeconds: number): Promise<number> {
    const result = await this.dataSource.query(
      `DELETE FROM inbox_message WHERE processed_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return result[1] ?? 0;
  }
}
