import { Client } from 'pg';

/**
 * The tests' Postgres (`DATABASE_URL` of test-env) with another database name: a test that runs
 * services as processes, or migrates from scratch, works in a database of its own.
 */
export function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a test's own database, whatever connections are still open to it. */
export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
