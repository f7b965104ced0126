import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { demoTabs } from '@app/settings';
import { ServiceProcess, startService, waitForStatus } from '../e2e/service-process';
import { Answer, call, Connected, GatewayStack, MODULE_SECRET } from '../gateway/gateway-harness';
import { freePort } from '../sandbox/retailcrm-fake-module';
import { jsonValue } from './json-arbitrary';

// Property-based tests of every public route of the gateway: thousands of malformed bodies,
// forms, JSON, queries and headers. Whatever comes in, the answer is a 4xx that says why (never a
// 5xx, a crash or a stack trace), no secret is repeated, and nothing is written.
// FUZZ_RUNS sets the cases per property: CI runs the short form, `npm run fuzz` the long one.

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
jest.setTimeout(Math.max(120_000, RUNS * 400));

const TABS = ['access', 'mindbox', 'customers', 'orders', 'products', 'fields'];
const EMBED_ACTIONS = ['check-promo-code', 'bonus-balance', 'apply', 'promotions'];

/** Any JSON value, nested objects with the keys the routes read among random ones. */
const json = jsonValue([
  'retailcrmUrl',
  'apiKey',
  'sites',
  'endpointId',
  'secretKey',
  'apiUrl',
  'operations',
  'ids',
  'conditions',
  'statusMap',
  'entity',
  'clientId',
  'order',
  'items',
  'customer',
  'promoCode',
  'points',
]);

/** A form field as RetailCRM would send it: text, or JSON written as text. */
const formValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  json.map((v) => JSON.stringify(v) ?? ''),
);
const form = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('register', 'clientId', 'activity', 'settings', 'systemUrl', 'payload'),
  ),
  formValue,
  { maxKeys: 5 },
);

/** Lower-case hex of a length within the bounds, like clientIds and tokens. */
const hex = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });

/** A body sent raw, under a content type that may or may not match it. */
const rawBody = fc.record({
  raw: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '{',
      '{"a":',
      '[1,2',
      'null',
      '"x"',
      '\u0000',
      '%E0%A4%A',
      'a=%ZZ&b',
      '{"__proto__":{"x":1}}',
    ),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  ),
});

describe('fuzzing the public endpoints of the gateway', () => {
  let stack: GatewayStack;
  let promoLoyalty: ServiceProcess;
  let account: Connected;
  let secrets: string[];
  const answers = { total: 0, byStatus: new Map<number, number>() };

  async function counts(): Promise<string> {
    const [row] = await stack.db.query(
      `SELECT (SELECT count(*) FROM account) AS accounts,
              (SELECT count(*) FROM outbox_message) AS outbox,
              (SELECT coalesce(max(updated_at)::text, '') FROM account) AS touched`,
    );
    return JSON.stringify(row);
  }

  /** What every answer must be: not a 5xx, a reason when refused, no stack, no secret. */
  function expectCalm(answer: Answer, what: string, allowed: (status: number) => boolean): void {
    answers.total += 1;
    answers.byStatus.set(answer.status, (answers.byStatus.get(answer.status) ?? 0) + 1);
    const problem =
      answer.status >= 500
        ? 'a 5xx'
        : !allowed(answer.status)
          ? `an unexpected ${answer.status}`
          : answer.status >= 400 && !/"(message|errorMsg)"\s*:\s*"[^"]+/.test(answer.text)
            ? 'a refusal without a reason'
            : /\n\s+at .+\(.+:\d+:\d+\)/.test(answer.text)
              ? 'a stack trace'
              : secrets.find((secret) => answer.text.includes(secret))
                ? 'a secret'
                : null;
    if (problem)
      throw new Error(`${what} answered ${problem}: ${answer.status} ${answer.text.slice(0, 300)}`);
  }

  const client = (status: number) => status >= 400 && status < 500;

  beforeAll(async () => {
    stack = await GatewayStack.start();
    // The order card's answers come from promo-loyalty, built and run as in production.
    const healthPort = await freePort();
    promoLoyalty = startService('promo-loyalty', { HEALTH_PORT: String(healthPort), LOG_LEVEL: 'warn' });
    await waitForStatus(`http://127.0.0.1:${healthPort}/health/ready`, 200);
    await stack.control('/retailcrm/accounts/demo', { rateLimit: 0 }, 'PATCH');
    account = await stack.register('demo');
    for (const tab of ['access', 'mindbox', 'products'] as const) {
      const saved = await stack.api(`/api/v1/settings/${tab}`, {
        method: 'PUT',
        json: demoTabs(stack.sandboxUrl)[tab],
        clientId: account.clientId,
      });
      expect(saved.status).toBe(200);
    }
    secrets = [account.apiKey, 'demo-mindbox-secret', MODULE_SECRET];
  }, 60_000);

  afterAll(async () => {
    // The figures of the run, for the README's table.
    const table = [...answers.byStatus.entries()].sort(([a], [b]) => a - b);
    process.stdout.write(
      `fuzz: ${answers.total} requests, by status ${JSON.stringify(Object.fromEntries(table))}\n`,
    );
    promoLoyalty?.child.kill('SIGTERM');
    await promoLoyalty?.exited;
    await stack?.close();
  });

  it('refuses any register, activity and settings callback without a valid token or clientId, writing nothing', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('register', 'activity', 'settings'), form, async (callback, body) => {
        const answer = await stack.api(`/retailcrm/${callback}`, { form: body });
        expectCalm(answer, `POST /retailcrm/${callback}`, client);
      }),
      { numRuns: RUNS },
    );
    expect(await counts()).toBe(before);
  });

  it('refuses register calls whose token does not sign the key, whatever the JSON around it', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(json, fc.string({ maxLength: 70 }), async (extra, token) => {
        const register = {
          ...(typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? extra : {}),
          systemUrl: stack.crmUrl('demo'),
          apiKey: account.apiKey,
          token,
        };
        const answer = await stack.api('/retailcrm/register', { form: { register } });
        expectCalm(answer, 'POST /retailcrm/register', (status) => status === 401 || status === 400);
      }),
      { numRuns: RUNS },
    );
    expect(await counts()).toBe(before);
  });

  it('refuses malformed manual connections with the field named, writing nothing', async () => {
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        const answer = await stack.api('/api/v1/accounts', { method: 'POST', json: body });
        expectCalm(answer, 'POST /api/v1/accounts', client);
      }),
      { numRuns: RUNS },
    );
    expect(await counts()).toBe(before);
  });

  it('refuses malformed tabs with 422 and leaves the stored settings as they were', async () => {
    const before = await stack.api('/api/v1/settings', { clientId: account.clientId });
    const stored = await counts();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TABS), json, async (tab, body) => {
        const answer = await stack.api(`/api/v1/settings/${tab}`, {
          method: 'PUT',
          json: body,
          clientId: account.clientId,
        });
        expectCalm(answer, `PUT /api/v1/settings/${tab}`, (status) => status === 422 || status === 400);
      }),
      // An empty object once per tab: every nested part of a tab is required.
      { numRuns: RUNS, examples: TABS.map((tab): [string, unknown] => [tab, {}]) },
    );
    expect((await stack.api('/api/v1/settings', { clientId: account.clientId })).body).toEqual(before.body);
    expect(await counts()).toBe(stored);
  });

  it('answers raw bodies of any content type with a 4xx, on every route that takes a body', async () => {
    const before = await counts();
    const routes = [
      ['POST', '/retailcrm/register'],
      ['POST', '/retailcrm/activity'],
      ['POST', '/retailcrm/settings'],
      ['POST', '/api/v1/accounts'],
      ['PUT', '/api/v1/settings/orders'],
      ['POST', '/api/v1/sync/full-load'],
      ['POST', '/api/v1/sync/journal/1/retry'],
      ['POST', '/retailcrm/embed/check-promo-code'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawBody, async ([method, path], { raw, contentType }) => {
        const answer = await stack.api(path, {
          method,
          raw,
          headers: { 'content-type': contentType },
          clientId: path.startsWith('/api/v1/') && path !== '/api/v1/accounts' ? account.clientId : undefined,
        });
        expectCalm(answer, `${method} ${path}`, client);
      }),
      { numRuns: RUNS },
    );
    expect(await counts()).toBe(before);
  });

  it('answers 401 to any Authorization header but the right one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 80 }).filter((h) => !h.includes(account.clientId)),
          hex(64, 64).map((hex) => `Bearer ${hex}`),
          fc.constantFrom(
            `Bearer ${account.clientId.toUpperCase()}x`,
            `bearer  ${account.clientId}`,
            'Bearer',
          ),
        ),
        fc.constantFrom(
          '/api/v1/settings',
          '/api/v1/references',
          '/api/v1/sync/status',
          '/api/v1/sync/journal',
        ),
        async (authorization, path) => {
          // fetch refuses header values with control characters: those never reach a server.
          if (/[^\t\x20-\x7e]/.test(authorization)) return;
          const answer = await stack.api(path, { headers: { authorization } });
          expectCalm(answer, `GET ${path}`, (status) => status === 401);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses malformed journal queries with 422, and answers well-formed ones', async () => {
    const query = fc.dictionary(
      fc.constantFrom('entity', 'limit', 'beforeId', 'outcome', 'crmId', 'other'),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer().map(String),
        fc.constantFrom('customers', 'orders', 'problems'),
      ),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const answer = await stack.api(`/api/v1/sync/journal?${new URLSearchParams(params).toString()}`, {
          clientId: account.clientId,
        });
        expectCalm(answer, 'GET /api/v1/sync/journal', (status) => status === 200 || status === 422);
        if (answer.status === 200) expect(Array.isArray(answer.body.entries)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 404 to hooks and feeds with tokens it does not know, queueing nothing', async () => {
    const before = await counts();
    const segment = fc.oneof(
      hex(16, 64),
      fc.string({ maxLength: 30 }).filter((s) => s.length > 0),
    );
    await fc.assert(
      fc.asyncProperty(
        segment,
        fc.constantFrom('customers', 'orders', 'carts', '..'),
        form,
        async (token, entity, body) => {
          const hook = await stack.api(`/hooks/${encodeURIComponent(token)}/${entity}`, { form: body });
          expectCalm(hook, 'POST /hooks', (status) => status === 404);
          const feed = await stack.api(`/feeds/${encodeURIComponent(token)}/products.yml`);
          expectCalm(feed, 'GET /feeds', (status) => status === 404);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await counts()).toBe(before);
  });

  it('refuses order-card calls from an unknown clientId with 401, and answers any payload of its own with 400 or a clear state', async () => {
    const stranger = randomBytes(32).toString('hex');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EMBED_ACTIONS), json, async (action, payload) => {
        const foreign = await stack.api(`/retailcrm/embed/${action}`, {
          form: { clientId: stranger, payload: JSON.stringify(payload) ?? '' },
        });
        expectCalm(foreign, `POST /retailcrm/embed/${action} (unknown clientId)`, (status) => status === 401);
        const own = await stack.api(`/retailcrm/embed/${action}`, {
          form: { clientId: account.clientId, payload: JSON.stringify(payload) ?? '' },
        });
        expectCalm(own, `POST /retailcrm/embed/${action}`, (status) => status === 400 || status === 200);
        if (own.status === 200) expect(typeof own.body.state).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 413 to a body over the limit', async () => {
    const answer = await call(`${stack.gatewayUrl}/retailcrm/register`, {
      raw: `register=${'x'.repeat(300 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectCalm(answer, 'POST /retailcrm/register (300 kb)', (status) => status === 413);
  });
});
