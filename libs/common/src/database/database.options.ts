import { join } from 'node:path';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Name of the table that records which migrations ran. */
export const MIGRATIONS_TABLE = 'typeorm_migrations';

/** Key of the Postgres advisory lock held while migrations run, so only one actor migrates at a time. */
export const MIGRATION_LOCK_KEY = 7_204_411_001;

const repoRoot = join(__dirname, '..', '..', '..', '..');

/**
 * Connection options shared by the migration CLI and the services. Entities and migrations are
 * found by file name under libs/ and apps/, so the same options work from ts-node and from dist/.
 */
export function dataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(repoRoot, '{libs,apps}', '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

/** The database URL the process was configured with, or the documented local default. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox';
}
