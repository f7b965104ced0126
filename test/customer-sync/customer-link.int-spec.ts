import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { CustomerLinkRepository } from '../../apps/customer-sync/src/sync/customer-link.repository';

// The SQL of customer_link against the real, migrated Postgres: parameter types are only
// checked there (the chaos suite found recordUnchanged refused by Postgres on every call).
describe('CustomerLinkRepository in Postgres', () => {
  let dataSource: DataSource;
  let links: CustomerLinkRepository;
  const accountId = randomUUID();

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await dataSource.initialize();
    links = new CustomerLinkRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM customer_link WHERE account_id = $1`, [accountId]);
    await dataSource.destroy();
  });

  it('records a newer read of an unchanged customer, with or without a Mindbox id in the CRM', async () => {
    const first = new Date('2026-11-29T10:00:00Z');
    await dataSource.transaction((em) =>
      links.recordSync(em, {
        accountId,
        customerId: 7,
        mindboxId: 'mb-7',
        payloadHash: 'a'.repeat(64),
        snapshotAt: first,
        crmMindboxId: null,
      }),
    );
    await dataSource.query(
      `UPDATE customer_link SET write_back_error = 'refused' WHERE account_id = $1 AND customer_id = 7`,
      [accountId],
    );

    const later = new Date('2026-11-29T11:00:00Z');
    await dataSource.transaction((em) => links.recordUnchanged(em, accountId, 7, later, 'mb-7'));
    let link = await links.find(accountId, 7);
    expect(link).toMatchObject({ crmMindboxId: 'mb-7', writeBackError: null });
    expect(link!.snapshotAt).toEqual(later);

    await dataSource.transaction((em) => links.recordUnchanged(em, accountId, 7, first, null));
    link = await links.find(accountId, 7);
    expect(link!.crmMindboxId).toBeNull();
    expect(link!.snapshotAt).toEqual(later);
  });
});
