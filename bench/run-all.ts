/**
 * `npm run bench`: every benchmark of the product, one after the other (they would disturb each
 * other's figures if run together), each as its own `npm run bench:*`. The figures each prints
 * as JSON lines go to bench/results/<name>.json with the command, the date and the machine.
 *
 * BENCH_ONLY=customers,intake runs a part. The sizes are each benchmark's own defaults and
 * variables (BENCH_CUSTOMERS, BENCH_ORDERS, BENCH_FEED_OFFERS, …).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

const BENCHES: { name: string; script: string; env?: Record<string, string> }[] = [
  { name: 'messaging', script: 'bench:messaging' },
  // A full load of 100,000 customers (about 20 minutes at Mindbox's pace): memory must stay flat.
  {
    name: 'customers',
    script: 'bench:customers',
    env: { BENCH_CUSTOMERS: process.env.BENCH_CUSTOMERS ?? '100000' },
  },
  { name: 'orders', script: 'bench:orders' },
  {
    name: 'feed',
    script: 'bench:feed',
    env: { BENCH_FEED_OFFERS: process.env.BENCH_FEED_OFFERS ?? '10000,100000' },
  },
  { name: 'intake', script: 'bench:intake' },
];

const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());

function run(script: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const isLogLine = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'level' in value && 'msg' in value;

/** The JSON objects a benchmark printed on lines of their own (a `REPORT ` prefix allowed), log lines aside. */
function figuresOf(output: string): unknown[] {
  return output
    .split('\n')
    .map((line) => line.replace(/^REPORT /, '').trim())
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .flatMap((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        return isLogLine(value) ? [] : [value];
      } catch {
        return [];
      }
    });
}

async function main(): Promise<number> {
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const failed: string[] = [];
  for (const bench of BENCHES) {
    if (only && !only.includes(bench.name)) continue;
    process.stdout.write(`\n=== ${bench.name}: npm run ${bench.script} ===\n`);
    const started = Date.now();
    const { code, output } = await run(bench.script, bench.env);
    if (code !== 0) failed.push(bench.name);
    const figures = figuresOf(output);
    // The intake benchmark writes its own file, with every step of its load.
    if (bench.name === 'intake') continue;
    writeFileSync(
      join(ROOT, 'bench', 'results', `${bench.name}.json`),
      `${JSON.stringify(
        {
          command: `npm run ${bench.script}`,
          env: bench.env ?? {},
          measuredAt: new Date().toISOString(),
          machine,
          seconds: Math.round((Date.now() - started) / 1000),
          exitCode: code,
          figures,
        },
        null,
        2,
      )}\n`,
    );
  }
  if (failed.length) process.stderr.write(`\nbenchmarks that failed: ${failed.join(', ')}\n`);
  return failed.length ? 1 : 0;
}

main().then((code) => process.exit(code));
