import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { migrate } from '@app/common/database/migrate';
import { freePort } from '../sandbox/retailcrm-fake-module';
import { ServiceProcess, startService, waitForStatus } from '../e2e/service-process';
import { databaseUrl, dropDatabase } from '../support/own-database';
import { call } from './gateway-harness';

// The built gateway as a process, its JSON lines read from stdout: every line of a request made
// for a known account names the account by its internal id — the access-log line and the lines
// logged while it is handled — and never by its clientId, which is a secret.

const RUN = randomBytes(3).toString('hex');
const DATABASE = `retailcrm_mindbox_log_account_${RUN}`;
const MODULE_SECRET = `log-account-${RUN}`;

type Line = Record<string, unknown>;

describe('the gateway names the account on every log line of its requests', () => {
  let sandbox: ServiceProcess;
  let gateway: ServiceProcess;
  let gatewayUrl: string;
  let sandboxUrl: string;

  const lines = (): Line[] =>
    gateway.stdout
      .join('')
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Line);
  const ofRequest = (reqId: string) => lines().filter((line) => line.reqId === reqId);
  const control = async (path: string, json?: unknown) => {
    const answer = await call(`${sandboxUrl}/control${path}`, { json, method: json ? 'POST' : 'GET' });
    if (answer.status >= 300) throw new Error(`control ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };

  beforeAll(async () => {
    const dbUrl = databaseUrl(DATABASE);
    await migrate(dbUrl);
    const [gatewayPort, sandboxPort] = await Promise.all([freePort(), freePort()]);
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    sandbox = startService('sandbox', {
      PORT: String(sandboxPort),
      SANDBOX_PUBLIC_URL: sandboxUrl,
      MODULE_URL: gatewayUrl,
      SANDBOX_SEED: 'none',
      RETAILCRM_MODULE_SECRET: MODULE_SECRET,
      LOG_LEVEL: 'warn',
    });
    gateway = startService('gateway', {
      DATABASE_URL: dbUrl,
      ALLOW_PRIVATE_URLS: 'true',
      LOG_LEVEL: 'debug',
      PORT: String(gatewayPort),
      PUBLIC_URL: gatewayUrl,
      RETAILCRM_MODULE_SECRET: MODULE_SECRET,
    });
    await waitForStatus(`${sandboxUrl}/health/ready`, 200);
    await waitForStatus(`${gatewayUrl}/health/ready`, 200);
  }, 60_000);

  afterAll(async () => {
    for (const service of [gateway, sandbox]) {
      if (service && service.child.exitCode === null) service.child.kill('SIGTERM');
    }
    await Promise.all([gateway?.exited, sandbox?.exited]);
    await dropDatabase(DATABASE);
  }, 60_000);

  it('on the settings API, hooks, marketplace callbacks, the order card and the feed; never the clientId', async () => {
    const crm = await control('/retailcrm/accounts', { rateLimit: 0, sites: ['shop-a'] });
    const registered = await control(`/retailcrm/accounts/${crm.code}/register`, { moduleUrl: gatewayUrl });
    expect(registered.register.status).toBe(200);
    const clientId = String(registered.register.body.accountUrl).split('/').at(-1) as string;
    const db = new DataSource(dataSourceOptions(databaseUrl(DATABASE)));
    await db.initialize();
    const [row] = (await db.query(`SELECT id, hook_token, feed_token FROM account WHERE client_id = $1`, [
      clientId,
    ])) as { id: string; hook_token: string; feed_token: string }[];
    await db.destroy();

    const asked = (name: string) => ({ 'x-request-id': `${name}-${RUN}` });
    const statuses = {
      settings: (await call(`${gatewayUrl}/api/v1/settings`, { clientId, headers: asked('settings') }))
        .status,
      hook: (
        await call(`${gatewayUrl}/hooks/${row.hook_token}/customers`, {
          form: { id: '7' },
          headers: asked('hook'),
        })
      ).status,
      activity: (
        await call(`${gatewayUrl}/retailcrm/activity`, {
          form: { clientId, activity: { active: true, freeze: false } },
          headers: asked('activity'),
        })
      ).status,
      // No promo-loyalty runs here: the card's question goes unanswered (503 or 504).
      card: (
        await call(`${gatewayUrl}/retailcrm/embed/bonus-balance`, {
          form: { clientId, payload: { order: { id: 1, site: 'shop-a', customer: { id: 1 }, items: [] } } },
          headers: asked('card'),
        })
      ).status,
      // Not built yet: 503.
      feed: (await call(`${gatewayUrl}/feeds/${row.feed_token}/products.yml`, { headers: asked('feed') }))
        .status,
      unknown: (
        await call(`${gatewayUrl}/api/v1/settings`, { clientId: 'f'.repeat(64), headers: asked('unknown') })
      ).status,
    };
    expect(statuses).toMatchObject({ settings: 200, hook: 202, activity: 200, feed: 503, unknown: 401 });
    expect([503, 504]).toContain(statuses.card);
    // The access-log line is written once the response is finished.
    await sleep(500);

    const registerLine = lines().find(
      (line) => (line.req as { url?: string } | undefined)?.url === '/retailcrm/register',
    );
    expect(registerLine).toMatchObject({ res: { statusCode: 200 }, accountId: row.id });
    const problems: string[] = [];
    for (const name of ['settings', 'hook', 'activity', 'card', 'feed']) {
      const ofIt = ofRequest(`${name}-${RUN}`);
      // The access-log line ("request completed", "request errored") is the one with the response time.
      const completed = ofIt.filter((line) => 'responseTime' in line);
      const inside = ofIt.filter((line) => !('responseTime' in line));
      if (completed.length !== 1 || completed[0].accountId !== row.id)
        problems.push(`${name}: access-log line ${JSON.stringify(completed)}`);
      for (const line of inside.filter((line) => line.accountId !== row.id))
        problems.push(`${name}: ${JSON.stringify(line)}`);
      // The settings API and the hook log a debug line of their own while handling the call.
      if (['settings', 'hook'].includes(name) && inside.length === 0)
        problems.push(`${name}: no line inside`);
    }
    expect(problems).toEqual([]);
    // A caller that names no known account is logged without one.
    const unknown = ofRequest(`unknown-${RUN}`);
    expect(unknown.length).toBeGreaterThan(0);
    for (const line of unknown) expect(line).not.toHaveProperty('accountId');
    expect(gateway.stdout.join('')).not.toContain(clientId);
  });
});
