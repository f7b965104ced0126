import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rabbitmqctl } from '../messaging/messaging-harness';
import { databaseUrl, dropDatabase } from '../support/own-database';

// `npm run demo` as the user runs it once built: `node dist/scripts/demo.js`, on ports of its own
// (4700-4704, then 4710-4714), a database and a RabbitMQ vhost of its own. It must say it is up
// with every service ready, the sandbox seeded and wired to the gateway, and stop every service
// on SIGTERM or SIGINT within the time a service may take to drain.

const ROOT = join(__dirname, '..', '..');
const RUN = randomBytes(3).toString('hex');
const DATABASE = `retailcrm_mindbox_demo_${RUN}`;
const VHOST = `demo-e2e-${RUN}`;
// A service's drain after SIGTERM: SHUTDOWN_DELAY_MS (0 here), the messages in flight (25 s at
// most), closing its connections.
const DRAIN_MS = 30_000;
const SERVICES = ['sandbox', 'gateway', 'customer-sync', 'order-processing', 'promo-loyalty'] as const;

interface Demo {
  process: ChildProcess;
  output: string[];
  exited: Promise<number | string | null>;
}

function startDemo(ports: Record<(typeof SERVICES)[number], number>): Demo {
  const amqp = new URL(process.env.AMQP_URL as string);
  amqp.pathname = `/${VHOST}`;
  const child = spawn(process.execPath, [join(ROOT, 'dist/scripts/demo.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(DATABASE),
      AMQP_URL: amqp.toString(),
      LOG_LEVEL: 'warn',
      SANDBOX_PORT: String(ports.sandbox),
      GATEWAY_PORT: String(ports.gateway),
      CUSTOMER_SYNC_HEALTH_PORT: String(ports['customer-sync']),
      ORDER_PROCESSING_HEALTH_PORT: String(ports['order-processing']),
      PROMO_LOYALTY_HEALTH_PORT: String(ports['promo-loyalty']),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { process: child, output, exited };
}

async function waitForLine(demo: Demo, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!demo.output.join('').includes(text)) {
    if (demo.process.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no "${text}" from the demo; it said:\n${demo.output.join('').slice(-4000)}`);
    }
    await sleep(200);
  }
}

/** The pids of the demo's services (its children still running). */
function childPids(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  let demo: Demo | undefined;

  beforeAll(() => {
    rabbitmqctl('add_vhost', VHOST);
    const user = decodeURIComponent(new URL(process.env.AMQP_URL as string).username || 'guest');
    rabbitmqctl('set_permissions', '-p', VHOST, user, '.*', '.*', '.*');
  });

  afterEach(async () => {
    // A failed test leaves no demo behind.
    if (demo && demo.process.exitCode === null && demo.process.signalCode === null) {
      demo.process.kill('SIGTERM');
      await demo.exited;
    }
  }, DRAIN_MS + 10_000);

  afterAll(async () => {
    rabbitmqctl('delete_vhost', VHOST);
    await dropDatabase(DATABASE);
  });

  it.each([
    ['SIGTERM', 4700],
    ['SIGINT', 4710],
  ] as const)(
    'runs every service on the ports it is given, then stops them all on %s',
    async (signal, first) => {
      const ports = Object.fromEntries(SERVICES.map((name, i) => [name, first + i])) as Record<
        (typeof SERVICES)[number],
        number
      >;
      demo = startDemo(ports);
      await waitForLine(demo, 'retailcrm-mindbox demo is up', 90_000);
      const output = demo.output.join('');
      expect(output).toContain(`http://127.0.0.1:${ports.gateway}`);
      expect(output).toContain(`http://127.0.0.1:${ports.sandbox}`);

      for (const name of SERVICES) {
        const base = `http://127.0.0.1:${ports[name]}`;
        const answers = await Promise.all(
          ['/health/live', '/health/ready', '/metrics'].map(async (path) => {
            const response = await fetch(`${base}${path}`);
            return { path, status: response.status, text: await response.text() };
          }),
        );
        expect({ name, statuses: answers.map((answer) => answer.status) }).toEqual({
          name,
          statuses: [200, 200, 200],
        });
        expect(answers[2].text).toContain('process_cpu_seconds_total');
      }

      // The sandbox's seeded demo shop...
      const crm = `http://127.0.0.1:${ports.sandbox}/crm/demo/api/v5`;
      const sites = (await (
        await fetch(`${crm}/reference/sites`, { headers: { 'X-API-KEY': 'demo-retailcrm-key' } })
      ).json()) as { sites: Record<string, unknown> };
      expect(Object.keys(sites.sites)).toEqual(['demo-shop', 'demo-outlet']);
      // ...which its marketplace connects to the gateway: each finds the other on the given ports.
      const registered = (await (
        await fetch(`http://127.0.0.1:${ports.sandbox}/control/retailcrm/accounts/demo/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as { register: { status: number; body: { accountUrl: string } } };
      expect(registered.register.status).toBe(200);
      expect(registered.register.body.accountUrl).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${ports.gateway}/settings/[0-9a-f]{64}$`),
      );

      const pids = childPids(demo.process.pid!);
      expect(pids).toHaveLength(SERVICES.length);
      const sent = Date.now();
      demo.process.kill(signal);
      const code = await Promise.race([
        demo.exited,
        sleep(DRAIN_MS + 5_000, 'still running', { ref: false }),
      ]);
      const tookMs = Date.now() - sent;

      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(DRAIN_MS);
      const stopped = demo.output.join('');
      const stopTimes = SERVICES.map((name) => {
        const line = new RegExp(`^${name} stopped in ([\\d.]+) s$`, 'm').exec(stopped);
        return { name, withinDrainTime: line !== null && Number(line[1]) * 1000 < DRAIN_MS };
      });
      expect(stopTimes).toEqual(SERVICES.map((name) => ({ name, withinDrainTime: true })));
      expect(pids.filter(alive)).toEqual([]);
    },
    180_000,
  );
});
