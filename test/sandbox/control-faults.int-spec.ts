import { setTimeout as sleep } from 'node:timers/promises';
import { MindboxCaller, SandboxUnderTest } from './mindbox-harness';

// Faults injected through the control API "for a time": they hit matching requests while they
// last and stop by themselves.
describe('Sandbox control API: faults for a time', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;
  let crmKey: string;
  let crmCode: string;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    await sandbox.request('POST', '/control/reset');
    await sandbox.control('POST', '/projects', { endpointId: 'faults', secretKey: 'faults-secret' });
    mindbox = sandbox.mindbox('faults', 'faults-secret');
    const account = await sandbox.request('POST', '/control/retailcrm/accounts', {
      code: 'faults-shop',
      rateLimit: 0,
    });
    ({ code: crmCode, apiKey: crmKey } = account.body);
  });

  afterAll(() => sandbox.close());

  const check = () => mindbox.call('Website.CheckCustomer', { customer: { ids: { retailcrmId: '1' } } });
  const sites = (code = crmCode) =>
    fetch(`${sandbox.url}/crm/${code}/api/v5/reference/sites`, { headers: { 'X-API-KEY': crmKey } });
  const faults = async () => (await sandbox.request('GET', '/control/faults')).body.faults as unknown[];

  /** How long `work` took, in ms, and what it gave. */
  async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
    const started = performance.now();
    const result = await work();
    return { ms: performance.now() - started, result };
  }

  it('answers a status fault with forMs while it lasts, then answers normally again', async () => {
    await sandbox.fault({
      side: 'mindbox',
      kind: 'status',
      status: 503,
      operation: 'Website.CheckCustomer',
      forMs: 600,
    });

    const during = [await check(), await check()];
    const listed = await faults();
    await sleep(700);
    const after = await check();

    expect(during.map((answer) => answer.status)).toEqual([503, 503]);
    expect(listed).toHaveLength(1);
    expect(after.status).toBe(200);
    expect(await faults()).toEqual([]);
  });

  it('delays matching answers by latencyMs, and only those', async () => {
    await sandbox.fault({
      side: 'retailcrm',
      kind: 'latency',
      latencyMs: 1_000,
      tenant: crmCode,
    });
    await sandbox.request('POST', '/control/retailcrm/accounts', {
      code: 'faults-other',
      apiKey: crmKey,
      rateLimit: 0,
    });

    const [delayed, other] = await Promise.all([timed(() => sites()), timed(() => sites('faults-other'))]);

    expect(delayed.result.status).toBe(200);
    expect(((await delayed.result.json()) as { sites: object }).sites).toBeDefined();
    expect(delayed.ms).toBeGreaterThanOrEqual(1_000);
    expect(other.result.status).toBe(200);
    expect(other.ms).toBeLessThan(1_000);
  });

  it('stops delaying once a latency fault with forMs has run out', async () => {
    await sandbox.fault({
      side: 'mindbox',
      kind: 'latency',
      latencyMs: 800,
      forMs: 500,
    });

    // The delayed answer comes after the fault's time is out.
    const during = await timed(() => check());
    const after = await timed(() => check());

    expect(during.result.status).toBe(200);
    expect(during.ms).toBeGreaterThanOrEqual(800);
    expect(after.result.status).toBe(200);
    expect(after.ms).toBeLessThan(800);
  });
});
