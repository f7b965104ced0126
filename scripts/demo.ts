/**
 * `npm run demo`: migrates the database, then runs every service and the sandbox on this machine
 * (no Docker), prefixes their JSON logs with the service name, waits until each is ready and
 * stops them all on Ctrl-C. Uses the local defaults: Postgres and RabbitMQ on 127.0.0.1.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Compiled to dist/scripts/demo.js: the repository is two levels up.
const root = join(__dirname, '..', '..');
const services = [
  { name: 'sandbox', port: 3200 },
  { name: 'gateway', port: 3000 },
  { name: 'customer-sync', port: 3101 },
  { name: 'order-processing', port: 3102 },
  { name: 'promo-loyalty', port: 3103 },
];
// The sandbox lives on loopback, so account URLs pointing there must be allowed in the demo.
const env = {
  ...process.env,
  ALLOW_PRIVATE_URLS: process.env.ALLOW_PRIVATE_URLS ?? 'true',
  // The sandbox starts with a demo shop in RetailCRM and a demo project in Mindbox.
  SANDBOX_SEED: process.env.SANDBOX_SEED ?? 'demo',
};
const children: ChildProcess[] = [];

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

async function stopAll(code: number): Promise<never> {
  for (const child of children) child.kill('SIGTERM');
  await Promise.race([
    Promise.all(children.map((c) => new Promise((r) => c.once('exit', r)))),
    sleep(30_000),
  ]);
  process.exit(code);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'dist/libs/common/src/database/migrate.cli.js')], {
    env,
    stdio: 'inherit',
  });
  for (const { name } of services) {
    const child = spawn(process.execPath, [join(root, `dist/apps/${name}/src/main.js`)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipe(name, child.stdout!, process.stdout);
    pipe(name, child.stderr!, process.stderr);
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${name} exited with code ${code}; stopping the demo`);
        void stopAll(1);
      }
    });
    children.push(child);
  }
  const deadline = Date.now() + 60_000;
  const states = await Promise.all(services.map((s) => ready(s.port, deadline)));
  const late = services.filter((_, i) => !states[i]).map((s) => s.name);
  if (late.length) {
    console.error(`not ready after 60 s: ${late.join(', ')}`);
    await stopAll(1);
  }
  console.log(
    [
      '',
      'retailcrm-mindbox demo is up:',
      '  gateway            http://127.0.0.1:3000   (health: /health/ready, metrics: /metrics)',
      '  sandbox            http://127.0.0.1:3200   (simulated RetailCRM and Mindbox APIs)',
      '  workers health     http://127.0.0.1:3101, :3102, :3103  /health/ready',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    void stopAll(0);
  });
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  stopping = true;
  void stopAll(1);
});
