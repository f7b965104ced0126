import 'reflect-metadata';
import { databaseUrlFromEnv } from './database.options';
import { migrate } from './migrate';

/** `npm run migrate`: creates the database if needed and applies every pending migration. */
async function main(): Promise<void> {
  const ran = await migrate(databaseUrlFromEnv());
  const summary = ran.length ? `applied ${ran.length}: ${ran.join(', ')}` : 'nothing to apply';
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: `migrations ${summary}` })}\n`);
}

main().catch((error: Error) => {
  const url = databaseUrlFromEnv().replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
  process.stderr.write(`migrate failed (DATABASE_URL=${url}): ${error.message}\n`);
  process.exit(1);
});
