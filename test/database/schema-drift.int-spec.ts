import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS_TABLE } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { databaseUrl, dropDatabase } from '../support/own-database';

// The migrations are the schema; the entities must describe it exactly, or the next
// `npm run migration:generate` writes the difference (a dropped index, a changed default) into a
// migration nobody meant.

const DATABASE = `rcm_schema_drift_${randomBytes(4).toString('hex')}`;

describe('entities and migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = databaseUrl(DATABASE);
    await migrate(url);
    // The data source of the TypeORM CLI, every entity of libs/ and apps/ included.
    dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(DATABASE);
  });

  it('have an entity for every table the migrations create', async () => {
    const tables = (await dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename`,
      [MIGRATIONS_TABLE],
    )) as { tablename: string }[];

    const entityTables = dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort();
    expect(entityTables).toEqual(tables.map((table) => table.tablename));
  });

  it('describe the same schema: migration:generate would write nothing', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();

    expect(upQueries.map((query) => query.query)).toEqual([]);
  });

  // TypeORM compares an index by its name, columns (in any order) and uniqueness only: a
  // different order or WHERE clause would pass the check above and be lost by the next
  // migration that recreates the index. Postgres itself compares them here.
  it('declare each index as the migrations made it: same columns in the same order, same predicate', async () => {
    const differences: string[] = [];
    const runner = dataSource.createQueryRunner();
    try {
      for (const metadata of dataSource.entityMetadatas) {
        for (const index of metadata.indices) {
          const columns = index.columns.map((column) => `"${column.databaseName}"`).join(', ');
          await runner.startTransaction();
          await runner.query(
            `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX "schema_drift_probe" ON "${metadata.tableName}" (${columns})` +
              (index.where ? ` WHERE ${index.where}` : ''),
          );
          const rows = (await runner.query(
            `SELECT indexname, indexdef FROM pg_indexes
              WHERE schemaname = 'public' AND indexname IN ($1, 'schema_drift_probe')`,
            [index.name],
          )) as { indexname: string; indexdef: string }[];
          await runner.rollbackTransaction();
          const made = rows.find((row) => row.indexname === index.name)?.indexdef;
          const declared = rows
            .find((row) => row.indexname === 'schema_drift_probe')
            ?.indexdef.replace('schema_drift_probe', index.name);
          if (made !== declared) differences.push(`migrations: ${made}\n   entity: ${declared}`);
        }
      }
    } finally {
      await runner.release();
    }

    expect(differences).toEqual([]);
  });
});
