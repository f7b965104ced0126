import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AccountDataEnv } from '@app/common/config/module.env';
import { validateEnv } from '@app/common/config/validate-env';
import { dataSourceOptions } from '@app/common/database/database.options';
import { SecretBox } from '../secrets/secret-box';
import { rotateSecrets } from '../secrets/rotate-secrets';

// `npm run rotate-key`: re-encrypts every stored secret with SETTINGS_ENCRYPTION_KEY, reading the
// ones written with SETTINGS_ENCRYPTION_KEY_PREVIOUS (docs/runbook.md, "Rotating keys").

async function main(): Promise<number> {
  const env = validateEnv(AccountDataEnv)(process.env) as AccountDataEnv;
  if (!env.SETTINGS_ENCRYPTION_KEY_PREVIOUS) {
    process.stderr.write('rotate-key: set SETTINGS_ENCRYPTION_KEY_PREVIOUS to the key being replaced\n');
    return 2;
  }
  const box = new SecretBox(env.SETTINGS_ENCRYPTION_KEY, [env.SETTINGS_ENCRYPTION_KEY_PREVIOUS]);
  const dataSource = new DataSource(dataSourceOptions(env.DATABASE_URL));
  await dataSource.initialize();
  try {
    const { rewritten, current } = await rotateSecrets(dataSource, box);
    process.stdout.write(
      `rotate-key: ${rewritten} secrets re-encrypted, ${current} already on the current key\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`rotate-key failed: ${error.message}\n`);
    process.exit(1);
  },
);
