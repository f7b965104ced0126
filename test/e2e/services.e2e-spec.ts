import { ServiceProcess, startService, waitForStatus } from './service-process';

interface HealthBody {
  status: string;
  details: Record<string, unknown>;
}

const services = [
  { app: 'gateway', portVar: 'PORT', port: 4300, database: true, broker: true },
  { app: 'customer-sync', portVar: 'HEALTH_PORT', port: 4301, database: true, broker: true },
  { app: 'order-processing', portVar: 'HEALTH_PORT', port: 4302, database: true, broker: true },
  { app: 'promo-loyalty', portVar: 'HEALTH_PORT', port: 4303, database: true, broker: true },
  { app: 'sandbox', portVar: 'PORT', port: 4304, database: false, broker: false },
];

describe.each(services)('$app, built and run as a process', ({ app, portVar, port, database, broker }) => {
  let service: ServiceProcess;
  const base = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    service = startService(app, { [portVar]: String(port), SHUTDOWN_DELAY_MS: '1500', LOG_LEVEL: 'info' });
    await waitForStatus(`${base}/health/ready`, 200);
  }, 40_000);

  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('answers liveness with no dependency checks', async () => {
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', details: {} });
  });

  it('answers readiness with the checks of the connections it holds', async () => {
    const body = (await (await fetch(`${base}/health/ready`)).json()) as HealthBody;
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual([
      ...(broker ? ['broker'] : []),
      ...(database ? ['database'] : []),
    ]);
  });

  it('serves Prometheus metrics', async () => {
    await fetch(`${base}/health/live`);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain(
      `http_request_duration_seconds_count{service="${app}",method="GET",route="/health/live",status_code="200"}`,
    );
    expect(text).toContain('process_resident_memory_bytes');
    if (broker) expect(text).toContain('# TYPE messages_dead_lettered_total counter');
  });

  it('writes JSON log lines naming the service', () => {
    const lines = service.stdout.join('').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: app });
    expect(lines.some((line) => line.includes(`${app} listening on :${port}`))).toBe(true);
  });

  it('turns readiness red on SIGTERM, then exits cleanly', async () => {
    service.child.kill('SIGTERM');
    const draining = await waitForStatus(`${base}/health/ready`, 503, 1_400);
    expect(((await draining.json()) as HealthBody).status).toBe('shutting_down');
    // Nest closes the app, then re-raises the signal so the exit reports it.
    expect(await service.exited).toBe('SIGTERM');
    expect(service.stderr.join('')).toBe('');
  }, 20_000);
});

describe('a service with a broken DATABASE_URL', () => {
  it.each([
    [
      'not a postgres URL',
      'mysql://root@127.0.0.1/x',
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    ],
    [
      'an unreachable database',
      'postgres://postgres:hunter2-secret@127.0.0.1:1/retailcrm_mindbox',
      /DATABASE_URL/,
    ],
  ])(
    'refuses to start with a clear message: %s',
    async (_case, url, message) => {
      const service = startService('customer-sync', { DATABASE_URL: url, HEALTH_PORT: '4310' });
      expect(await service.exited).toBe(1);
      const stderr = service.stderr.join('');
      expect(stderr).toMatch(/^customer-sync failed to start: /);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toContain('hunter2-secret');
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    30_000,
  );
});
