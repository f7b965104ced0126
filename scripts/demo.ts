/**
 * `npm run demo`: migrates the database, then runs every service and the sandbox on this machine
 * (no Docker), prefixes their JSON logs with the service name, waits until each is ready and
 * stops them all on Ctrl-C (SIGINT) or SIGTERM. Uses the local defaults: Postgres and RabbitMQ on
 * 127.0.0.1.
 *
 * Every variable reaches every service as it is (DATABASE_URL, AMQP_URL with its vhost, ...),
 * except the ports, which each service reads from PORT or HEALTH_PORT: the demo gives them from
 * GATEWAY_PORT, SANDBOX_PORT and <WORKER>_HEALTH_PORT (defaults below). The addresses by which the
 * sandbox and the gateway find each other, PUBLIC_URL, MODULE_URL and SANDBOX_PUBLIC_URL, follow
 * those ports unless they are set.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Compiled to dist/scripts/demo.js: the repository is two levels up.
const root = join(__dirname, '..', '..');

// After SIGTERM a service keeps readiness red for SHUTDOWN_DELAY_MS, gives the messages in
// flight up to 25 s (the transport's drain timeout), then closes its connections.
const MESSAGE_DRAIN_MS = 25_000;
const CLOSE_MS = 5_000;

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(1);
}

/** The port the demo's `variable` names, or the default; fails fast on anything else. */
function portFrom(variable: string, defaultPort: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`${variable} must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

// Each service's port: the demo's variable of it, and what the service itself calls it.
const services = (
  [
    { name: 'sandbox', variable: 'SANDBOX_PORT', as: 'PORT', defaultPort: 3200 },
    { name: 'gateway', variable: 'GATEWAY_PORT', as: 'PORT', defaultPort: 3000 },
    { name: 'customer-sync', variable: 'CUSTOMER_SYNC_HEALTH_PORT', as: 'HEALTH_PORT', defaultPort: 3101 },
    {
      name: 'order-processing',
      variable: 'ORDER_PROCESSING_HEALTH_PORT',
      as: 'HEALTH_PORT',
      defaultPort: 3102,
    },
    { name: 'promo-loyalty', variable: 'PROMO_LOYALTY_HEALTH_PORT', as: 'HEALTH_PORT', defaultPort: 3103 },
  ] as const
).map((service) => ({ ...service, port: portFrom(service.variable, service.defaultPort) }));
type Service = (typeof services)[number];

const portOfService = (name: string) => services.find((service) => service.name === name)!.port;
const gatewayUrl = `http://127.0.0.1:${portOfService('gateway')}`;
const sandboxUrl = `http://127.0.0.1:${portOfService('sandbox')}`;
const shutdownDelayMs = Number(process.env.SHUTDOWN_DELAY_MS ?? 0) || 0;
const stopWithinMs = shutdownDelayMs + MESSAGE_DRAIN_MS + CLOSE_MS;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  // The sandbox lives on loopback, so account URLs pointing there must be allowed in the demo.
  ALLOW_PRIVATE_URLS: process.env.ALLOW_PRIVATE_URLS ?? 'true',
  // The sandbox starts with a demo shop in RetailCRM and a demo project in Mindbox.
  SANDBOX_SEED: process.env.SANDBOX_SEED ?? 'demo',
  PUBLIC_URL: process.env.PUBLIC_URL ?? gatewayUrl,
  MODULE_URL: process.env.MODULE_URL ?? gatewayUrl,
  SANDBOX_PUBLIC_URL: process.env.SANDBOX_PUBLIC_URL ?? sandboxUrl,
};

interface Running {
  service: Service;
  child: ChildProcess;
  exited: Promise<void>;
}
const running: Running[] = [];

function pipe(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`${name.padEnd(16)} | ${line}\n`);
  });
}

async function ready(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return false;
}

let stopping: Promise<never> | undefined;

/** Sends SIGTERM to every service, waits for each as long as its shutdown may take, then exits. */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    const started = Date.now();
    const outcomes = await Promise.all(
      running.map(async ({ service, child, exited }) => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(stopWithinMs).then(() => false)]);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (stopped) {
          console.log(`${service.name} stopped in ${seconds} s`);
          return true;
        }
        child.kill('SIGKILL');
        console.error(`${service.name} did not stop within ${stopWithinMs / 1000} s: killed`);
        return false;
      }),
    );
    process.exit(outcomes.every(Boolean) ? code : 1);
  })();
  return stopping;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'dist/libs/common/src/database/migrate.cli.js')], {
    env,
    stdio: 'inherit',
  });
  for (const service of services) {
    const child = spawn(process.execPath, [join(root, `dist/apps/${service.name}/src/main.js`)], {
      env: { ...env, [service.as]: String(service.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipe(service.name, child.stdout!, process.stdout);
    pipe(service.name, child.stderr!, process.stderr);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (!stopping) {
          console.error(`${service.name} exited with ${signal ?? `code ${code}`}; stopping the demo`);
          void stopAll(1);
        }
        resolve();
      }),
    );
    running.push({ service, child, exited });
  }
  const deadline = Date.now() + 60_000;
  const states = await Promise.all(services.map((service) => ready(service.port, deadline)));
  const late = services.filter((_, i) => !states[i]).map((service) => service.name);
  if (late.length) {
    console.error(`not ready after 60 s: ${late.join(', ')}`);
    await stopAll(1);
  }
  const worker = (name: string) => `:${portOfService(name)}`;
  console.log(
    [
      '',
      'retailcrm-mindbox demo is up:',
      `  gateway            ${gatewayUrl}   (health: /health/ready, metrics: /metrics)`,
      `  sandbox            ${sandboxUrl}   (simulated RetailCRM and Mindbox APIs)`,
      `  workers health     http://127.0.0.1${worker('customer-sync')}, ${worker('order-processing')}, ${worker('promo-loyalty')}  /health/ready`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  void stopAll(1);
});
