import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { SecretBox } from '@app/settings';

// `npm run rotate-key` against a database of its own (it rewrites every account it finds).

const ROOT = join(__dirname, '..', '..');
const OLD = 'a1'.repeat(32);
const NEW = 'b2'.repeat(32);
const run = promisify(execFile);

function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

describe('npm run rotate-key', () => {
  const name = `retailcrm_mindbox_rotate_${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(name);
  let db: DataSource;

  const rotate = (env: Record<string, string>) =>
    run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'libs/settings/src/cli/rotate-key.cli.ts',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, ...env } },
    );

  async function insertAccount(apiKeyEnc: string, mindboxSecretEnc: string): Promise<string> {
    const [{ id }] = (await db.query(
      `INSERT INTO account (client_id, retailcrm_url, api_key_enc, hook_token, feed_token)
       VALUES ($1, $5, $2, $3, $4) RETURNING id`,
      [
        randomBytes(32).toString('hex'),
        apiKeyEnc,
        randomBytes(24).toString('hex'),
        randomBytes(24).toString('hex'),
        `https://shop-${randomBytes(4).toString('hex')}.retailcrm.ru`,
      ],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO mindbox_settings (account_id, settings, secret_key_enc) VALUES ($1, '{}', $2)`,
      [id, mindboxSecretEnc],
    );
    return id;
  }

  const secretsOf = async (id: string) => {
    const [row] = (await db.query(
      `SELECT a.api_key_enc, m.secret_key_enc FROM account a JOIN mindbox_settings m ON m.account_id = a.id WHERE a.id = $1`,
      [id],
    )) as { api_key_enc: string; secret_key_enc: string }[];
    return row;
  };

  beforeAll(async () => {
    await migrate(url);
    db = new DataSource(dataSourceOptions(url));
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    const admin = new DataSource(dataSourceOptions(databaseUrl('postgres')));
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.destroy();
  });

  it('re-encrypts every stored secret with the new key, and a second run finds nothing to do', async () => {
    const old = new SecretBox(OLD);
    const a = await insertAccount(old.encrypt('crm-key-a'), old.encrypt('mindbox-a'));
    const b = await insertAccount(new SecretBox(NEW).encrypt('crm-key-b'), old.encrypt('mindbox-b'));

    const first = await rotate({ SETTINGS_ENCRYPTION_KEY: NEW, SETTINGS_ENCRYPTION_KEY_PREVIOUS: OLD });
    expect(first.stdout).toBe('rotate-key: 3 secrets re-encrypted, 1 already on the current key\n');

    const onlyNew = new SecretBox(NEW);
    const [rowA, rowB] = [await secretsOf(a), await secretsOf(b)];
    expect([onlyNew.decrypt(rowA.api_key_enc), onlyNew.decrypt(rowA.secret_key_enc)]).toEqual([
      'crm-key-a',
      'mindbox-a',
    ]);
    expect([onlyNew.decrypt(rowB.api_key_enc), onlyNew.decrypt(rowB.secret_key_enc)]).toEqual([
      'crm-key-b',
      'mindbox-b',
    ]);
    expect(first.stdout + first.stderr).not.toMatch(/crm-key|mindbox-[ab]|a1a1|b2b2/);

    const second = await rotate({ SETTINGS_ENCRYPTION_KEY: NEW, SETTINGS_ENCRYPTION_KEY_PREVIOUS: OLD });
    expect(second.stdout).toBe('rotate-key: 0 secrets re-encrypted, 4 already on the current key\n');
  });

  it('changes nothing when a secret opens with neither key', async () => {
    const before = (await db.query(`SELECT api_key_enc FROM account ORDER BY id`)) as unknown[];
    const lost = await insertAccount(
      new SecretBox('c3'.repeat(32)).encrypt('lost'),
      new SecretBox(OLD).encrypt('m'),
    );

    const failed = rotate({ SETTINGS_ENCRYPTION_KEY: NEW, SETTINGS_ENCRYPTION_KEY_PREVIOUS: OLD });

    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^rotate-key failed: a stored secret could not be decrypted/),
    });
    const after = (await db.query(`SELECT api_key_enc FROM account WHERE id <> $1 ORDER BY id`, [
      lost,
    ])) as unknown[];
    expect(after).toEqual(before);
    // The Mindbox secret of that account, which the old key opens, was not rewritten either.
    expect(new SecretBox(OLD).decrypt((await secretsOf(lost)).secret_key_enc)).toBe('m');
  });

  it('refuses to run without the previous key', async () => {
    await expect(rotate({ SETTINGS_ENCRYPTION_KEY: NEW })).rejects.toMatchObject({ code: 2 });
  });
});
