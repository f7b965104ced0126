import type { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from './secret-box';

/** What a rotation run did. */
export interface RotationResult {
  /** Secrets written again with the current key. */
  rewritten: number;
  /** Secrets the current key already opened, left as they were. */
  current: number;
}

/** The columns that hold encrypted secrets: table, key column, secret column. */
const SECRET_COLUMNS = [
  ['account', 'id', 'api_key_enc'],
  ['mindbox_settings', 'account_id', 'secret_key_enc'],
] as const;

async function rotateColumn(
  em: EntityManager,
  box: SecretBox,
  [table, key, column]: (typeof SECRET_COLUMNS)[number],
  result: RotationResult,
): Promise<void> {
  const rows = (await em.query(`SELECT ${key} AS id, ${column} AS stored FROM ${table} FOR UPDATE`)) as {
    id: string;
    stored: string;
  }[];
  for (const row of rows) {
    const rewritten = box.reencrypt(row.stored);
    if (rewritten === null) {
      result.current += 1;
      continue;
    }
    await em.query(`UPDATE ${table} SET ${column} = $1 WHERE ${key} = $2`, [rewritten, row.id]);
    result.rewritten += 1;
  }
}

/**
 * Writes every stored secret again with the box's current key, in one transaction: a secret no
 * key opens stops the run and changes nothing. Safe to repeat; services keep working during the
 * run, as they read with both keys.
 */
export async function rotateSecrets(dataSource: DataSource, box: SecretBox): Promise<RotationResult> {
  const result: RotationResult = { rewritten: 0, current: 0 };
  await dataSource.transaction(async (em) => {
    for (const columns of SECRET_COLUMNS) await rotateColumn(em, box, columns, result);
  });
  return result;
}
