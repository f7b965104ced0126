import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, migrate } from '@app/common/database/migrate';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the migrate command', () => {
  const name = `rcm_migrate_${randomBytes(4).toString('hex')}`;
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;

  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('creates a missing database, and three migrators at once apply each migration exactly once', async () => {
    const runs = await Promise.all([migrate(url), migrate(url), migrate(url)]);

    const applied = runs.flat();
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
    expect(runs.filter((ran) => ran.length > 0)).toHaveLength(1);
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT name FROM typeorm_migrations ORDER BY id');
    const tables = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    // The rate budget is written on every API call and needs no durability: unlogged.
    const budget = await client.query("SELECT relpersistence FROM pg_class WHERE relname = 'rate_budget'");
    await client.end();
    expect(budget.rows).toEqual([{ relpersistence: 'u' }]);
    expect(rows.map((row) => row.name)).toEqual(applied);
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['inbox_message', 'outbox_message', 'typeorm_migrations']),
    );
    expect(await migrate(url)).toEqual([]);
  });

  it('leaves an existing database alone', async () => {
    expect(await ensureDatabase(url)).toBe(false);
  });
});
