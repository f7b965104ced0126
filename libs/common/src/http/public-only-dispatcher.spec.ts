import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { MindboxClientFactory, MindboxForbiddenAddressError } from '@app/mindbox';
import { RetailCrmClientFactory, RetailCrmForbiddenAddressError } from '@app/retailcrm';
import { describeSyncFailure } from '../journal/failure-text';
import { LocalRateBudget } from '../rate-budget/rate-budget';
import { accountFetch, PrivateAddressError, privateAddressRefusal } from './public-only-dispatcher';
import type { HostResolver } from './url-guard';

// A host name that was public when its URL was saved and now resolves into the module's own
// network (DNS rebinding): the resolver is the attacker's DNS. The trap on 127.0.0.1 records every
// connection that reaches it; a refusal must leave it untouched.

describe('accountFetch without private addresses', () => {
  let trap: Server;
  let port: number;
  const connections: Socket[] = [];
  const everyConnection: Socket[] = [];
  const rebound: HostResolver = async () => ['127.0.0.1'];

  beforeAll(async () => {
    trap = createServer((socket) => {
      connections.push(socket);
      everyConnection.push(socket);
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    });
    trap.listen(0, '127.0.0.1');
    await once(trap, 'listening');
    port = (trap.address() as AddressInfo).port;
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    connections.length = 0;
  });
  afterAll(async () => {
    everyConnection.forEach((socket) => socket.destroy());
    trap.close();
    await once(trap, 'close');
  });

  it('reaches the trap when private addresses are allowed (the control)', async () => {
    const fetch = accountFetch({ allowPrivate: true });
    await expect(fetch(`http://127.0.0.1:${port}/`)).resolves.toMatchObject({ status: 200 });
    expect(connections).toHaveLength(1);
  });

  it('refuses a host name that resolves to loopback at connection time', async () => {
    const fetch = accountFetch({ allowPrivate: false, resolve: rebound });
    const failure = await fetch(`https://shop.rebound.test:${port}/api`).catch((error: unknown) => error);
    expect(privateAddressRefusal(failure)).toMatchObject({
      host: 'shop.rebound.test',
      address: '127.0.0.1',
      retryable: false,
    });
    expect(connections).toHaveLength(0);
  });

  it('refuses a name with one private address among public ones', async () => {
    const fetch = accountFetch({ allowPrivate: false, resolve: async () => ['93.184.216.34', '127.0.0.1'] });
    const failure = await fetch(`http://mixed.test:${port}/`).catch((error: unknown) => error);
    expect(privateAddressRefusal(failure)).toBeInstanceOf(PrivateAddressError);
    expect(connections).toHaveLength(0);
  });

  it.each([
    (p: number) => `http://127.0.0.1:${p}/`,
    (p: number) => `https://[::ffff:127.0.0.1]:${p}/`,
    (p: number) => `http://2130706433:${p}/`,
    (p: number) => `http://0x7f.0.0.1:${p}/`,
    (p: number) => `http://[::1]:${p}/`,
    (p: number) => `http://0.0.0.0:${p}/`,
  ])('refuses the literal address of %p before connecting', async (url) => {
    const fetch = accountFetch({ allowPrivate: false, resolve: rebound });
    const failure = await fetch(url(port)).catch((error: unknown) => error);
    expect(privateAddressRefusal(failure)).toBeInstanceOf(PrivateAddressError);
    expect(connections).toHaveLength(0);
  });

  it('gives the RetailCRM client a non-retryable error, after one attempt, that the journal explains', async () => {
    const factory = new RetailCrmClientFactory(
      new LocalRateBudget(),
      accountFetch({ allowPrivate: false, resolve: rebound }),
    );
    const client = factory.forAccount(
      { url: `https://shop.rebound.test:${port}`, apiKey: 'k' },
      { maxAttempts: 5 },
    );

    const failure = await client.orders.get(42).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetailCrmForbiddenAddressError);
    expect(failure).toMatchObject({ retryable: false, attempts: 1 });
    expect((failure as Error).message).toContain('resolves to 127.0.0.1');
    expect(describeSyncFailure(failure, wording)).toEqual({
      text: expect.stringContaining('check the "Access" tab'),
      retryable: false,
    });
    expect(connections).toHaveLength(0);
  });

  it('gives the Mindbox client a non-retryable error, after one attempt, that the journal explains', async () => {
    const factory = new MindboxClientFactory(
      new LocalRateBudget(),
      accountFetch({ allowPrivate: false, resolve: rebound }),
    );
    const client = factory.forProject(
      { apiUrl: `https://api.rebound.test:${port}`, endpointId: 'shop', secretKey: 's' },
      { maxAttempts: 5, retryBaseDelayMs: 1 },
    );

    const failure = await client.async('Website.EditCustomer', {}).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MindboxForbiddenAddressError);
    expect(failure).toMatchObject({ retryable: false, attempts: 1 });
    expect(describeSyncFailure(failure, wording)).toEqual({
      text: expect.stringContaining('check the "Mindbox access" tab'),
      retryable: false,
    });
    expect(connections).toHaveLength(0);
  });

  it('refuses loopback in factories built without a fetch (the safe default)', async () => {
    const client = new RetailCrmClientFactory(new LocalRateBudget()).forAccount({
      url: `http://127.0.0.1:${port}`,
      apiKey: 'k',
    });
    await expect(client.credentials()).rejects.toBeInstanceOf(RetailCrmForbiddenAddressError);
    expect(connections).toHaveLength(0);
  });
});

const wording = {
  fieldLabel: () => undefined,
  refused: (listed: string) => `Mindbox refused the data: ${listed}`,
  operationsTab: 'Customers',
  otherwise: 'The change could not be sent',
};
