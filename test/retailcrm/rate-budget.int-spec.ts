import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LocalRateBudget, PostgresRateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClient, RetailCrmClientFactory, RetailCrmModule } from '@app/retailcrm';
import { fixtureReply, startTestServer, TestServer } from '@app/retailcrm/test/fake-retailcrm.server';

const ROOT = join(__dirname, '..', '..');
/** RetailCRM's limit per API key. */
const LIMIT = 10;

/** The most arrivals that fall into any one second, [t, t + 1000 ms). */
function busiestSecond(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < sorted.length; first += 1) {
    while (last < sorted.length && sorted[last] - sorted[first] < 1000) last += 1;
    most = Math.max(most, last - first);
  }
  return most;
}

interface Child {
  process: ChildProcess;
  lines: string[];
}

interface Report {
  ok: number;
  failed: string[];
  elapsedMs: number;
}

describe('the RetailCRM rate budget in Postgres', () => {
  let server: TestServer;
  let dataSource: DataSource;
  const children: Child[] = [];
  const budgetKeys: string[] = [];

  /** A TypeScript file of this folder run as a process of its own. */
  function startProcess(file: string, env: Record<string, string> = {}): Child {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `test/retailcrm/${file}`],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const started: Child = { process: child, lines: [] };
    child.stdout!.on('data', (chunk: Buffer) =>
      started.lines.push(...chunk.toString().split('\n').filter(Boolean)),
    );
    children.push(started);
    return started;
  }

  /** A process that sends `requests` requests with `apiKey` to `url` once told to go. */
  function startChild(url: string, apiKey: string, requests: number): Child {
    return startProcess('budget-child.ts', {
      CRM_URL: url,
      CRM_API_KEY: apiKey,
      REQUESTS: String(requests),
      WARM_UP_API_KEY: `warm-up-${randomUUID()}`,
    });
  }

  async function allReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!children.every((c) => c.lines.some((line) => /^(ready|listening )/.test(line)))) {
      if (Date.now() > deadline || children.some((c) => c.process.exitCode !== null)) {
        throw new Error('a child process did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function reportOf<T = Report>(child: Child): Promise<T> {
    if (child.process.exitCode === null) await once(child.process, 'exit');
    return JSON.parse(child.lines[child.lines.length - 1]) as T;
  }

  beforeAll(async () => {
    server = await startTestServer(() => fixtureReply('credentials.json'));
    dataSource = await new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [],
    }).initialize();
  });

  afterAll(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    if (budgetKeys.length > 0) {
      await dataSource.query('DELETE FROM rate_budget WHERE key = ANY($1)', [budgetKeys]);
    }
    await dataSource.destroy();
    await server.close();
  });

  it('holds one key to 10 requests a second across two processes; another key has its own budget', async () => {
    const [keyA, keyB] = [`int-a-${randomUUID()}`, `int-b-${randomUUID()}`];
    // The CRM is another machine: it notes arrivals in a process of its own.
    const crm = startProcess('arrivals-server.ts');
    await allReady(12_000);
    const crmUrl = crm.lines[0].replace(/^listening /, '');
    const clientB = new RetailCrmClient({
      url: crmUrl,
      apiKey: keyB,
      budget: new PostgresRateBudget(dataSource),
    });
    const budgetKeyA = new RetailCrmClient({ url: crmUrl, apiKey: keyA, budget: new LocalRateBudget() })
      .budgetKey;
    budgetKeys.push(budgetKeyA, clientB.budgetKey);
    const sharing = [startChild(crmUrl, keyA, 25), startChild(crmUrl, keyA, 25)];
    // This process sends key B's requests while the children send key A's; its HTTP stack is
    // warmed up first, like theirs, under a key of its own.
    await new RetailCrmClient({
      url: crmUrl,
      apiKey: `warm-up-${randomUUID()}`,
      budget: new LocalRateBudget(),
    }).credentials();
    await allReady(12_000);

    for (const child of sharing) child.process.stdin!.write('go\n');
    const startedB = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => clientB.credentials()));
    const elapsedB = performance.now() - startedB;
    const [reportA1, reportA2] = await Promise.all(sharing.map(reportOf));
    crm.process.stdin!.write('report\n');
    const arrivals = await reportOf<{ apiKey: string; at: number }[]>(crm);

    expect([reportA1, reportA2].map((r) => [r.ok, r.failed])).toEqual([
      [25, []],
      [25, []],
    ]);
    const arrivalsOf = (key: string) => arrivals.filter((r) => r.apiKey === key).map((r) => r.at);
    const a = arrivalsOf(keyA);
    const b = arrivalsOf(keyB);
    expect(a).toHaveLength(50);
    expect(busiestSecond(a)).toBeLessThanOrEqual(LIMIT);
    // Sharing the key, the two processes needed at least 5 s for their 50, however fast they sent.
    expect(Math.max(reportA1.elapsedMs, reportA2.elapsedMs)).toBeGreaterThan(4_900);

    // Key B was not queued behind key A: its 10 went out within about a second, side by side
    // with A's, so that together the two keys exceeded one key's limit.
    expect(b).toHaveLength(10);
    expect(busiestSecond(b)).toBeLessThanOrEqual(LIMIT);
    expect(elapsedB).toBeLessThan(2_000);
    expect(busiestSecond([...a, ...b])).toBeGreaterThan(LIMIT + 5);

    // The table knows the keys by their hash only.
    const rows: { key: string }[] = await dataSource.query(
      'SELECT key FROM rate_budget WHERE key = ANY($1)',
      [budgetKeys],
    );
    expect(rows.map((r) => r.key).sort()).toEqual([...budgetKeys].sort());
    const leaked: unknown[] = await dataSource.query(
      'SELECT key FROM rate_budget WHERE strpos(key, $1) > 0 OR strpos(key, $2) > 0',
      [keyA, keyB],
    );
    expect(leaked).toEqual([]);
  }, 25_000);

  it('RetailCrmModule takes its budget from the Postgres table through the app connection', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] }),
        // The fake RetailCRM listens on 127.0.0.1.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ ALLOW_PRIVATE_URLS: true })],
        }),
        RetailCrmModule,
      ],
    }).compile();
    const client = moduleRef
      .get(RetailCrmClientFactory)
      .forAccount({ url: server.url, apiKey: `int-m-${randomUUID()}` });
    budgetKeys.push(client.budgetKey);

    await client.credentials();

    const rows: unknown[] = await dataSource.query('SELECT 1 FROM rate_budget WHERE key = $1', [
      client.budgetKey,
    ]);
    expect(rows).toHaveLength(1);
    await moduleRef.close();
  });
});
