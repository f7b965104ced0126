import { performance } from 'node:perf_hooks';
import { migrate } from '@app/common/database/migrate';
import { cardOrder, startOrderCardStack } from './order-card-stack';

// How long the order card waits: each action through the built gateway, RabbitMQ request/reply,
// promo-loyalty and the sandbox's Mindbox (no latency injected), one manager after another and
// then 20 at once. `npm run build && npm run ext:build` first; TEST_DATABASE_URL and AMQP_URL as
// for the e2e tests; PROMO_BENCH_CALLS (default 300 per action).

const CALLS = Number(process.env.PROMO_BENCH_CALLS ?? 300);
const CONCURRENCY = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  process.env.DATABASE_URL =
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
  process.env.AMQP_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
  await migrate(process.env.DATABASE_URL);
  const stack = await startOrderCardStack({ logLevel: 'error' });
  const payloads: Record<string, object> = {
    'check-promo-code': { order: cardOrder(), promoCode: 'WELCOME10' },
    'bonus-balance': { order: cardOrder() },
    apply: { order: cardOrder(), promoCode: 'WELCOME10', points: 100 },
    promotions: { order: cardOrder() },
  };
  try {
    const rows: string[] = [];
    for (const [action, payload] of Object.entries(payloads)) {
      for (let i = 0; i < 20; i++) await stack.embed(action, payload); // warm-up
      for (const inFlight of [1, CONCURRENCY]) {
        const times: number[] = [];
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (next < CALLS) {
              next += 1;
              const t0 = performance.now();
              const answer = await stack.embed(action, payload);
              if (answer.status !== 200 || answer.body.state !== 'ok') {
                throw new Error(`${action} -> ${answer.status} ${answer.text}`);
              }
              times.push(performance.now() - t0);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        times.sort((a, b) => a - b);
        rows.push(
          `| ${action} | ${inFlight} | ${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)} / ${percentile(times, 99).toFixed(1)} ms | ${(times.length / seconds).toFixed(0)}/s |`,
        );
      }
    }
    console.log(`${CALLS} calls per action and concurrency\n`);
    console.log('| action | in flight | p50 / p95 / p99 | throughput |\n|---|---|---|---|');
    console.log(rows.join('\n'));
  } finally {
    await stack.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
