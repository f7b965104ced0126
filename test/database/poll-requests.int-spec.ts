import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { SyncStateRepository } from '../../apps/customer-sync/src/history/sync-state.repository';
import { OrderSyncStateRepository } from '../../apps/order-processing/src/history/order-sync-state.repository';

// A hook or reactivation message asks both workers for an early poll: only an account that exists
// gets a state row (the consumers' fuzz found rows left for any UUID a message named).
describe('early poll requests in Postgres', () => {
  let dataSource: DataSource;
  let accountId: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await dataSource.initialize();
    [{ id: accountId }] = await dataSource.query(
      `INSERT INTO account (client_id, retailcrm_url, api_key_enc, hook_token, feed_token)
       VALUES ($1, 'https://poll.example', 'x', $2, $2) RETURNING id`,
      [randomBytes(32).toString('hex'), randomBytes(16).toString('hex')],
    );
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM customer_sync_state WHERE account_id = $1`, [accountId]);
    await dataSource.query(`DELETE FROM order_sync_state WHERE account_id = $1`, [accountId]);
    await dataSource.query(`DELETE FROM account WHERE id = $1`, [accountId]);
    await dataSource.destroy();
  });

  it.each([
    ['customer_sync_state', () => new SyncStateRepository(dataSource)],
    ['order_sync_state', () => new OrderSyncStateRepository(dataSource)],
  ])(
    '%s: counts requests of an existing account and writes nothing for an unknown one',
    async (table, repository) => {
      const states = repository();
      const stranger = randomUUID();
      await dataSource.transaction(async (em) => {
        await states.requestPoll(em, accountId);
        await states.requestPoll(em, accountId);
        await states.requestPoll(em, stranger);
      });
      const rows = await dataSource.query(
        `SELECT account_id, poll_requests FROM ${table} WHERE account_id = ANY($1::uuid[])`,
        [[accountId, stranger]],
      );
      expect(rows).toEqual([{ account_id: accountId, poll_requests: 2 }]);
    },
  );
});
