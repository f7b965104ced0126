import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { BaseEnv } from '@app/common/config/base.env';
import { validateEnv } from '@app/common/config/validate-env';
import { DatabaseModule } from '@app/common/database/database.module';
import { MetricsModule } from '@app/common/metrics/metrics.module';
import { DeadLetterService } from '../dead-letters/dead-letter.service';
import { MessagingModule } from '../messaging.module';

const USAGE = `usage:
  npm run dlq -- count <queue>               how many messages are parked for a consumer queue
  npm run dlq -- list <queue> [limit]        show parked messages (they stay parked)
  npm run dlq -- replay <queue> [messageId…] put all (or the named) parked messages back on <queue>
(in an image: node dist/libs/messaging/src/cli/dlq.cli.js <command> …)`;

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(BaseEnv) }),
    DatabaseModule.forRoot(),
    MetricsModule.forRoot('dlq-cli'),
    MessagingModule.forRoot({ serviceName: 'dlq-cli', outboxPollMs: 0 }),
  ],
})
class DeadLetterCliModule {}

/** The command's answer goes to stdout as plain lines, for people and for pipes. */
const print = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, queue, ...rest] = argv;
  if (!command || !queue || !['count', 'list', 'replay'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(DeadLetterCliModule, { logger: ['error'] });
  try {
    const deadLetters = app.get(DeadLetterService);
    if (command === 'count') {
      print(`${queue}: ${await deadLetters.count(queue)} parked`);
    } else if (command === 'list') {
      const parked = await deadLetters.list(queue, rest[0] ? Number(rest[0]) : 100);
      for (const message of parked) print(JSON.stringify(message));
      print(`${parked.length} parked message(s) listed for ${queue}`);
    } else {
      const replayed = await deadLetters.replay(queue, rest.length ? rest : undefined);
      print(
        `replayed ${replayed.length} message(s) to ${queue}${replayed.length ? `: ${replayed.join(', ')}` : ''}`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`dlq failed: ${error.message}`);
    process.exit(1);
  },
);
