/**
 * A consumer in its own process, for the test that kills one mid-message. It consumes QUEUE
 * (contract ROUTING_KEY), writes its effect, prints `holding <messageId>` and then waits
 * HOLD_MS before returning, so the parent can SIGKILL it while the transaction is open. It
 * closes on SIGTERM as a service does; SLOW_DESTROY_MS gives it a module slow to stop.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageContract, registerContracts } from '@app/messaging';
import { startConsumerApp, TestPingV1, writeEffect } from './messaging-harness';

async function main(): Promise<void> {
  const contract: MessageContract<TestPingV1> = { routingKey: process.env.ROUTING_KEY!, payload: TestPingV1 };
  registerContracts(contract);
  await startConsumerApp({
    contract,
    queue: process.env.QUEUE!,
    slowDestroyMs: Number(process.env.SLOW_DESTROY_MS ?? 0),
    shutdownHooks: true,
    behaviour: async (payload, context) => {
      await writeEffect(context, payload.n);
      process.stdout.write(`holding ${context.messageId}\n`);
      await sleep(Number(process.env.HOLD_MS ?? 60_000));
    },
  });
  process.stdout.write('ready\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
