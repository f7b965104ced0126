import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Creates the test database when missing and applies every migration, once per run, through the
 * same command operators use (`npm run migrate`).
 */
export default function globalSetup(): void {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
  execFileSync(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'libs/common/src/database/migrate.cli.ts',
    ],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
