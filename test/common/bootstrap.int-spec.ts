import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'health-service.ts');
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', FIXTURE],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('bootstrapService in a real process', () => {
  jest.setTimeout(30_000);

  it('serves, then on SIGTERM answers 503 on readiness for SHUTDOWN_DELAY_MS before exiting', async () => {
    const port = await freePort();
    const run = start({ DATABASE_URL: POSTGRES_URL, HEALTH_PORT: String(port), SHUTDOWN_DELAY_MS: '1500' });
    try {
      await waitFor(() => run.stdout().includes(`fixture listening on :${port}`));
      const ready = `http://127.0.0.1:${port}/health/ready`;
      expect((await fetch(ready)).status).toBe(200);

      run.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await fetch(ready);

      expect(during.status).toBe(503);
      expect(await during.json()).toMatchObject({ status: 'shutting_down' });
      expect(await run.exited).toEqual({ code: null, signal: 'SIGTERM' });
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('prints one line naming DATABASE_URL, password masked, and exits 1 when the database is unreachable', async () => {
    const run = start({ DATABASE_URL: 'postgres://postgres:hunter2@nohost.invalid:5432/x' });

    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toBe(
      'fixture failed to start: cannot connect to the database at ' +
        'DATABASE_URL=postgres://postgres:****@nohost.invalid:5432/x (getaddrinfo ENOTFOUND nohost.invalid)\n',
    );
    expect(run.stdout()).toBe('');
  });

  it('prints the invalid variables and exits 1 on a bad environment', async () => {
    const run = start({ DATABASE_URL: 'mysql://root:pw@db/x', HEALTH_PORT: 'http' });

    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toBe(
      'fixture failed to start: Invalid environment: ' +
        'DATABASE_URL must be a postgres:// or postgresql:// URL with a host (got "mysql://root:****@db/x"); ' +
        'HEALTH_PORT must be an integer number, must not be less than 1, must not be greater than 65535 (got "http")\n',
    );
  });
});
