import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayStack } from './gateway-harness';

// Headers, body limits, throttling, error answers and the settings page, with a low throttle
// limit that counts by the client IP a trusted proxy names.

const LIMIT = 10;

// Booting both apps and the CRM round trips take longer than Jest's default 5 s.
jest.setTimeout(60_000);

describe('gateway: security of the public face', () => {
  let stack: GatewayStack;
  let ui: string;

  beforeAll(async () => {
    ui = mkdtempSync(join(tmpdir(), 'settings-ui-'));
    mkdirSync(join(ui, 'assets'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>settings page marker</title>');
    writeFileSync(join(ui, 'assets', 'index-abc123.js'), 'console.log("asset marker");');
    stack = await GatewayStack.start({
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL_MS: '60000',
      TRUST_PROXY_HOPS: '1',
      SETTINGS_UI_DIR: ui,
    });
  });

  afterAll(async () => {
    await stack?.close();
    rmSync(ui, { recursive: true, force: true });
  });

  it('sends security headers, with a CSP that lets RetailCRM frame the pages', async () => {
    const answer = await stack.api('/retailcrm/config', { headers: { 'x-forwarded-for': '198.51.100.1' } });
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(
      "frame-ancestors 'self' https://*.retailcrm.ru https://*.retailcrm.pro https://*.retailcrm.es https://*.retailcrm.io https://*.simla.com",
    );
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const api = await stack.api('/api/v1/settings', { headers: { 'x-request-id': 'trace-42' } });
    expect(api.headers.get('x-request-id')).toBe('trace-42');
    expect(api.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a body over 256 kb 413, and takes one under it', async () => {
    const huge = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: 'https://shop.retailcrm.ru', apiKey: 'k'.repeat(300 * 1024) },
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ message: expect.any(String) });

    const hugeForm = await stack.api('/retailcrm/register', {
      form: { register: 'x'.repeat(300 * 1024) },
      headers: { 'x-forwarded-for': '198.51.100.2' },
    });
    expect(hugeForm.status).toBe(413);

    // Over Express's default 100 kb, under the gateway's limit: validation answers, not the parser.
    const large = await stack.api('/api/v1/accounts', {
      json: { retailcrmUrl: 'https://shop.retailcrm.ru', apiKey: 'k'.repeat(150 * 1024) },
      headers: { 'x-forwarded-for': '198.51.100.3' },
    });
    expect(large.status).toBe(422);
  });

  it('answers broken JSON 400 without a stack', async () => {
    const answer = await stack.api('/api/v1/accounts', {
      raw: '{"retailcrmUrl": ',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.4' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(expect.objectContaining({ message: expect.any(String) }));
    expect(answer.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('throttles a public endpoint per client IP (429), not the authenticated API', async () => {
    const from = (ip: string) => stack.api('/retailcrm/config', { headers: { 'x-forwarded-for': ip } });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i += 1) statuses.push((await from('203.0.113.9')).status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    const refused = await from('203.0.113.9');
    expect(refused.body).toEqual({ success: false, errorMsg: expect.stringMatching(/Too many requests/) });

    expect((await from('203.0.113.10')).status).toBe(200);
    for (let i = 0; i < LIMIT + 2; i += 1) {
      const api = await stack.api('/api/v1/settings', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(api.status).toBe(401);
    }
  });

  it('counts callbacks per account, so one busy shop does not block the others behind the same IP', async () => {
    const [a, b] = [
      await stack.register((await stack.crmAccount()).code),
      await stack.register((await stack.crmAccount()).code),
    ];
    const activity = (clientId: string) =>
      stack.api('/retailcrm/activity', {
        form: { clientId, activity: { active: true, freeze: false } },
        headers: { 'x-forwarded-for': '203.0.113.20' },
      });
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i += 1) statuses.push((await activity(a.clientId)).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429]);
    expect((await activity(b.clientId)).status).toBe(200);
  });

  it('answers an internal error 500 with no stack and no secret', async () => {
    const { code } = await stack.crmAccount();
    const connected = await stack.register(code);
    // A stored key that cannot be decrypted any more: a real internal failure.
    await stack.db.query(`UPDATE account SET api_key_enc = 'v1:broken:value:here' WHERE client_id = $1`, [
      connected.clientId,
    ]);
    const answer = await stack.api('/api/v1/settings', { clientId: connected.clientId });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ message: 'Internal error' });
    expect(answer.text).not.toContain('SETTINGS_ENCRYPTION_KEY');
    expect(answer.text).not.toContain(connected.clientId);
    expect(answer.text).not.toMatch(/\bat /);
  });

  it('serves the built settings page for a clientId and its assets', async () => {
    const page = await stack.api(`/settings/${'a'.repeat(64)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('settings page marker');
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');

    const asset = await stack.api('/settings/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);

    expect((await stack.api('/settings/not-a-client-id')).status).toBe(404);
    expect((await stack.api('/settings/assets/missing.js')).status).toBe(404);
    const escape = await stack.api('/settings/assets/..%2findex.html');
    expect([403, 404]).toContain(escape.status);
    expect(escape.text).not.toContain('settings page marker');
  });

  it('publishes OpenAPI docs', async () => {
    const docs = await stack.api('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/retailcrm/config',
        '/retailcrm/register',
        '/api/v1/accounts',
        '/api/v1/settings',
        '/api/v1/settings/{tab}',
        '/api/v1/references',
      ]),
    );
    expect((await stack.api('/api/docs')).status).toBe(200);
  });
});
