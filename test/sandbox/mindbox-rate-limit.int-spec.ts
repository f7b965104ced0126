import { setTimeout as sleep } from 'node:timers/promises';
import { OperationCall, OperationsService } from '../../apps/sandbox/src/mindbox/api/operations.service';
import { shapeDifferences } from '../support/same-shape';
import { MindboxCaller, mindboxFixture, SandboxUnderTest } from './mindbox-harness';

// Mindbox allows 8,000 requests a minute per operation and endpoint and answers 429 above it
// (reference §2.3); the simulator holds each project's operations to the same limit.
describe('Mindbox simulator: the per-operation rate limit', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;
  let endpointId: string;
  let counter = 0;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    endpointId = `limits-${++counter}`;
    await sandbox.control('POST', '/projects', { endpointId, secretKey: 'limits-secret' });
    mindbox = sandbox.mindbox(endpointId, 'limits-secret');
  });

  afterAll(() => sandbox.close());

  const check = (operation = 'Website.CheckCustomer', endpoint = endpointId): OperationCall => ({
    mode: 'sync',
    endpointId: endpoint,
    operation,
    authorization: 'SecretKey limits-secret',
    body: { customer: { ids: { retailcrmId: '1' } } },
  });

  it('gives a new project 8,000 requests a minute per operation', async () => {
    const project = await sandbox.control('GET', `/projects/${endpointId}`);

    expect(project).toMatchObject({ rateLimit: 8_000, rateLimitWindowMs: 60_000 });
  });

  it('answers the 8,001st call of an operation within a minute 429, and not other operations or projects', async () => {
    // Straight to the service with one clock: 8,000 HTTP calls would time the machine, not the rule.
    const operations = sandbox.app.get(OperationsService);
    await sandbox.control('POST', '/projects', {
      endpointId: `${endpointId}-other`,
      secretKey: 'limits-secret',
    });
    const start = new Date();
    const at = (ms: number) => new Date(start.getTime() + ms);

    const statuses = Array.from({ length: 8_000 }, (_, i) => operations.run(check(), at(i)).httpStatus);
    const over = operations.run(check(), at(8_000));

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(over.httpStatus).toBe(429);
    expect(over.body).toMatchObject({ status: 'ProtocolError', httpStatusCode: 429 });
    expect(operations.run(check('Website.GetCustomerInfo'), at(8_000)).httpStatus).toBe(200);
    expect(operations.run(check('Website.CheckCustomer', `${endpointId}-other`), at(8_000)).httpStatus).toBe(
      200,
    );
    // The first call leaves the window a minute after it was made, and frees one slot only.
    expect(operations.run(check(), at(59_999)).httpStatus).toBe(429);
    expect(operations.run(check(), at(60_000)).httpStatus).toBe(200);
    expect(operations.run(check(), at(60_000)).httpStatus).toBe(429);
  });

  it('answers over the limit like protocol-error-401.json with HTTP 429, processes nothing, and frees the window again', async () => {
    await sandbox.control('PATCH', `/projects/${endpointId}`, { rateLimit: 2, rateLimitWindowMs: 400 });
    const register = (n: number) =>
      mindbox.call(
        'Website.RegisterCustomer',
        { customer: { ids: { retailcrmId: `r-${n}` }, email: `r${n}@example.com` } },
        { transactionId: `tx-${endpointId}-${n}` },
      );

    const answers = [await register(1), await register(2), await register(3)];

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(shapeDifferences(answers[2].body, mindboxFixture('protocol-error-401.json'))).toEqual([]);
    expect(answers[2].body).toMatchObject({ status: 'ProtocolError', httpStatusCode: 429 });
    const missing = await sandbox.request(
      'GET',
      `/control/mindbox/projects/${endpointId}/customers/retailcrmId/r-3`,
    );
    expect(missing.status).toBe(404);

    await sleep(450);
    // Nothing of the refused call was applied, its transactionId included.
    const again = await register(3);
    expect(again.status).toBe(200);
    expect(again.body.customer.processingStatus).toBe('Created');
  });

  it('takes a new limit at once, and 0 turns it off', async () => {
    await sandbox.control('PATCH', `/projects/${endpointId}`, { rateLimit: 1 });
    const limited = [
      await mindbox.call('Website.CheckCustomer', check().body),
      await mindbox.call('Website.CheckCustomer', check().body),
    ];
    await sandbox.control('PATCH', `/projects/${endpointId}`, { rateLimit: 0 });
    const free = await Promise.all(
      Array.from({ length: 20 }, () => mindbox.call('Website.CheckCustomer', check().body)),
    );

    expect(limited.map((answer) => answer.status)).toEqual([200, 429]);
    expect(free.every((answer) => answer.status === 200)).toBe(true);
  });

  it('refuses a limit that is not a whole number of requests', async () => {
    const answer = await sandbox.request('PATCH', `/control/mindbox/projects/${endpointId}`, {
      rateLimit: -1,
    });

    expect(answer.status).toBe(400);
  });
});
