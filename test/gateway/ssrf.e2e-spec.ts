import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server, Socket } from 'node:net';
import fc from 'fast-check';
import { registerToken } from '../../apps/gateway/src/marketplace/register-token';
import { AccountEntity, demoTabs, SecretBox } from '@app/settings';
import { GatewayStack, Json, MODULE_SECRET } from './gateway-harness';

// The URL guard end to end, as in production (ALLOW_PRIVATE_URLS=false): every way a shop can
// give the module an address (the Access tab, the manual connection, the Mindbox tab, the
// marketplace's register callback) is tried with addresses inside the module's own network and
// with URLs that are not https at all. Each must be answered 4xx naming the field, store nothing,
// and never reach the trap: a TCP server on 127.0.0.1 that records every connection.

jest.setTimeout(120_000);

const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** A server on 127.0.0.1 that records connections, on a port of 5070-5099 (this suite's range). */
async function listenTrap(connections: Socket[]): Promise<{ server: Server; port: number }> {
  for (let port = 5070; port < 5100; port++) {
    const server = createServer((socket) => {
      connections.push(socket);
      socket.destroy();
    });
    try {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      return { server, port };
    } catch {
      server.close();
    }
  }
  throw new Error('no free port in 5070-5099 for the trap');
}

/** The URLs of the brief: loopback in its notations, metadata, private ranges, other schemes. */
function forbiddenUrls(trap: number): string[] {
  return [
    `http://127.0.0.1:${trap}`,
    `https://127.0.0.1:${trap}`,
    `https://localhost:${trap}`,
    `https://[::1]:${trap}`,
    `https://[::ffff:127.0.0.1]:${trap}`,
    `https://2130706433:${trap}`,
    `https://0x7f.0.0.1:${trap}`,
    `https://0177.0.0.1:${trap}`,
    `https://127.1:${trap}`,
    `https://0.0.0.0:${trap}`,
    `https://[::]:${trap}`,
    `https://[::127.0.0.1]:${trap}`,
    `https://[64:ff9b::127.0.0.1]:${trap}`,
    'https://169.254.169.254/latest/meta-data',
    'https://10.0.0.1',
    'https://user:pass@example.com',
    `ftp://127.0.0.1:${trap}`,
    'file:///etc/passwd',
    'javascript:alert(1)',
    `https://127.0.0.1:${trap}/\nHost: example.com`,
    `https://exam\nple.com`,
  ];
}

describe('gateway: the URL guard with private addresses refused', () => {
  let stack: GatewayStack;
  let trap: Server;
  let trapPort: number;
  const connections: Socket[] = [];
  let account: AccountEntity;
  let tabs: ReturnType<typeof demoTabs>;

  const put = (tab: string, json: unknown) =>
    stack.api(`/api/v1/settings/${tab}`, { method: 'PUT', json, clientId: account.clientId });
  const settings = async (): Promise<Json> =>
    (await stack.api('/api/v1/settings', { clientId: account.clientId })).body;
  const accountsAt = async (url: string): Promise<number> =>
    (await stack.db.query(`SELECT count(*)::int AS n FROM account WHERE retailcrm_url = $1`, [url]))[0].n;

  /** A settings tab with `url` in `field`: 422 naming exactly that field, nothing changed. */
  async function tabRefused(tab: 'access' | 'mindbox', field: string, url: string): Promise<void> {
    const before = await settings();
    const answer = await put(tab, { ...tabs[tab], [field]: url, ...secretsOf(tab) });
    expect({ url, status: answer.status }).toEqual({ url, status: 422 });
    expect(Object.keys(answer.body.errors)).toEqual([field]);
    expect(await settings()).toEqual(before);
  }

  const secretsOf = (tab: 'access' | 'mindbox') =>
    tab === 'access' ? { apiKey: 'a-new-key' } : { secretKey: 'a-new-secret' };

  beforeAll(async () => {
    ({ server: trap, port: trapPort } = await listenTrap(connections));
    stack = await GatewayStack.start({ ALLOW_PRIVATE_URLS: 'false' });
    tabs = demoTabs(stack.sandboxUrl);
    // An account connected earlier at a public address (the sandbox cannot be reached now).
    const secrets = stack.gateway.get(SecretBox);
    account = await stack.db.getRepository(AccountEntity).save({
      clientId: randomBytes(32).toString('hex'),
      retailcrmUrl: 'https://ssrf-e2e.retailcrm.example',
      apiKeyEnc: secrets.encrypt('ssrf-e2e-key'),
      hookToken: randomBytes(24).toString('hex'),
      feedToken: randomBytes(24).toString('hex'),
    });
  });

  afterEach(() => {
    expect(connections).toHaveLength(0);
  });

  afterAll(async () => {
    await stack?.db.getRepository(AccountEntity).delete({ id: account?.id });
    await stack?.close();
    trap?.close();
  });

  it('refuses each URL on the Access tab', async () => {
    for (const url of forbiddenUrls(trapPort)) await tabRefused('access', 'retailcrmUrl', url);
  });

  it('refuses each URL on the Mindbox tab', async () => {
    for (const url of forbiddenUrls(trapPort)) await tabRefused('mindbox', 'apiUrl', url);
  });

  it('refuses each URL for the manual connection and stores no account', async () => {
    for (const url of forbiddenUrls(trapPort)) {
      const answer = await stack.api('/api/v1/accounts', { json: { retailcrmUrl: url, apiKey: 'a-key' } });
      expect({ url, status: answer.status }).toEqual({ url, status: 422 });
      expect(Object.keys(answer.body.errors)).toEqual(['retailcrmUrl']);
      expect(await accountsAt(url)).toBe(0);
    }
  });

  it('refuses each URL in a correctly signed register callback and stores no account', async () => {
    for (const systemUrl of forbiddenUrls(trapPort)) {
      const apiKey = `key-${randomBytes(8).toString('hex')}`;
      const token = registerToken(MODULE_SECRET, apiKey);
      const answer = await stack.api('/retailcrm/register', {
        form: { register: { systemUrl, apiKey, token } },
      });
      expect({ systemUrl, status: answer.status }).toEqual({ systemUrl, status: 422 });
      // The field is named as the callback sends it.
      expect(answer.body).toEqual({
        success: false,
        errorMsg: expect.any(String),
        errors: { 'register.systemUrl': expect.any(String) },
      });
      expect(await accountsAt(systemUrl)).toBe(0);
    }
  });

  it('refuses arbitrary private IPv4 addresses in arbitrary notations on every entry', async () => {
    const privateIpv4 = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    );
    const hex = (n: number) => n.toString(16);
    const notation = fc.constantFrom(
      (b: number[]) => b.join('.'),
      (b: number[]) => String(((b[0] * 256 + b[1]) * 256 + b[2]) * 256 + b[3]),
      (b: number[]) => `0x${hex(b[0])}.0x${hex(b[1])}.${b[2]}.${b[3]}`,
      (b: number[]) => `[::ffff:${b.join('.')}]`,
      (b: number[]) => `[::ffff:${hex(b[0] * 256 + b[1])}:${hex(b[2] * 256 + b[3])}]`,
      (b: number[]) => `[2002:${hex(b[0] * 256 + b[1])}:${hex(b[2] * 256 + b[3])}::]`,
    );
    await fc.assert(
      fc.asyncProperty(
        privateIpv4,
        notation,
        fc.constantFrom('access', 'mindbox'),
        async (bytes, spell, tab) => {
          const url = `https://${spell(bytes)}:${trapPort}`;
          await tabRefused(tab, tab === 'access' ? 'retailcrmUrl' : 'apiUrl', url);
          expect(connections).toHaveLength(0);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
