import { connect, type Channel, type ChannelModel, type ConsumeMessage, type GetMessage } from 'amqplib';
import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import {
  AvailablePromotions,
  BonusBalance,
  contractFor,
  deadLetterQueueName,
  EVENTS_EXCHANGE,
  Headers,
  OrderApply,
  PROMO_LOYALTY_SERVICE,
  PromoCodeCheck,
  retryQueueName,
  RpcContract,
  RpcHeaders,
  rpcQueueName,
  validatePayload,
  validateRpcRequest,
} from '@app/messaging';
import { waitForStatus } from '../e2e/service-process';
import { rabbitmqctl } from '../messaging/messaging-harness';
import type { OrderCardStack } from '../promo-loyalty/order-card-stack';
import { jsonValue } from './json-arbitrary';

// Property-based tests of every message consumer: the three queues of customer-sync and
// order-processing and promo-loyalty's request queue, each service its own built process on the
// real RabbitMQ (a vhost of the run's own) and Postgres (a database of the run's own). Whatever
// is published (bytes that are not JSON, JSON of any shape, fields of the wrong type, huge or
// deeply nested values, `__proto__` keys, unknown accounts, routing keys, operations and headers):
// - a message that breaks its contract is parked at once in `<queue>.dlq` with the reason in
//   `x-last-error`, never retried, and leaves no row; one that keeps it, for an account that does
//   not exist, is acknowledged and leaves no row but its inbox entry. "No row": the account and
//   settings tables unchanged, no row of the services' tables for an account that does not exist,
//   no journal row of a fuzz message (the connected account's own polling goes on meanwhile);
// - a request breaks no promise either: the caller gets an `invalid-request` (or
//   `unknown-operation`) reply naming what is wrong, never a timeout;
// - every service stays up and ready, and takes a valid message after the fuzz.
// FUZZ_RUNS sets the cases per property: CI runs the short form, `npm run fuzz` the long one.

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
jest.setTimeout(Math.max(180_000, RUNS * 4 * 300));

const RUN = randomBytes(3).toString('hex');
const VHOST = `fuzz_consumers_${RUN}`;
/** Ports of the run, in 4950-4954 unless FUZZ_CONSUMERS_PORT moves them. */
const PORT = Number(process.env.FUZZ_CONSUMERS_PORT ?? 4950);
const RETRY_DELAYS_MS = '200,400';
/** How long a message may take to be committed or parked (a retried one takes 600 ms more). */
const SETTLE_MS = 15_000;

/** A valid payload (without its accountId) of each routing key a queue takes. */
type Templates = Record<string, Record<string, unknown>>;

interface ConsumerUnderTest {
  queue: string;
  templates: Templates;
}

const CONTROL: Templates = {
  'sync.requested.v1': { entity: 'customers', hint: '7' },
  'account.settings-changed.v1': { tab: 'customers' },
  'account.activity-changed.v1': { active: true, frozen: false },
  'sync.journal-retry-requested.v1': { entity: 'customers', journalId: 1 },
};
const fetchedAt = '2026-01-01T00:00:00.000Z';

const CONSUMERS: ConsumerUnderTest[] = [
  {
    queue: 'customer-sync.customer-changed',
    templates: {
      'customer.changed.v1': { customerId: 7, historyId: 1, fields: ['first_name'] },
      'customer.changed.v2': {
        customerId: 7,
        cause: 'history',
        historyId: 1,
        fields: ['first_name'],
        fetchedAt,
        customer: { id: 7, firstName: 'Ann', site: 'demo-shop', ordersCount: 1 },
      },
      'sync.full-load-requested.v1': { entity: 'customers' },
      ...CONTROL,
    },
  },
  {
    queue: 'customer-sync.full-load',
    templates: {
      'customer.full-load-item.v1': {
        runId: '7c1f6e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
        customerId: 7,
        fetchedAt,
        customer: { id: 7, firstName: 'Ann', site: 'demo-shop', ordersCount: 1 },
      },
    },
  },
  {
    queue: 'order-processing.order-changed',
    templates: {
      'order.changed.v1': { orderId: 1, historyId: 1, fields: ['status'] },
      'order.changed.v2': {
        orderId: 1,
        cause: 'history',
        fields: ['status'],
        fetchedAt,
        order: { id: 1, status: 'new', items: [] },
      },
      ...CONTROL,
    },
  },
];

const cardOrder = { id: 1, site: 'demo-shop', customer: { id: 7 }, items: [] };
const OPERATIONS: Record<string, { contract: RpcContract; template: Record<string, unknown> }> = {
  [PromoCodeCheck.name]: { contract: PromoCodeCheck, template: { order: cardOrder, promoCode: 'SPRING' } },
  [BonusBalance.name]: { contract: BonusBalance, template: { order: cardOrder } },
  [OrderApply.name]: { contract: OrderApply, template: { order: cardOrder, points: 0 } },
  [AvailablePromotions.name]: { contract: AvailablePromotions, template: { order: cardOrder } },
};

const ALL_KEYS = [...new Set(CONSUMERS.flatMap((c) => Object.keys(c.templates)))];
const FIELDS = [
  'accountId',
  ...new Set(
    [
      ...CONSUMERS.flatMap((c) => Object.values(c.templates)),
      ...Object.values(OPERATIONS).map((o) => o.template),
    ].flatMap((template) => Object.keys(template)),
  ),
];

/** Values that break ids, counts and dates in the usual ways. */
const oddValue = fc.constantFrom<unknown>(
  -1,
  0,
  1.5,
  2 ** 53 + 2,
  1e308,
  -0,
  '7',
  'NaN',
  'Infinity',
  '',
  null,
  true,
  [],
  {},
  [7],
  '2021-W53',
  '2021-366',
  '2021-02-30',
  '0000-01-01',
  '9'.repeat(400),
);

/** How a case's body is made from the template of its routing key. */
const bodyRecipe = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 120 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.constantFrom(
        '',
        ' ',
        '{',
        '{"a":',
        'null',
        '"x"',
        '[]',
        '1e309',
        'NaN',
        '\u0000',
        '{"accountId":}',
      ),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('json' as const), value: jsonValue(FIELDS) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('mutated' as const),
      changes: fc.array(
        fc.record({
          field: fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype', 'extra'),
          value: fc.oneof(fc.constant(undefined), oddValue, jsonValue(FIELDS)),
        }),
        { maxLength: 3 },
      ),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep' as const),
      field: fc.constantFrom(...FIELDS),
      depth: fc.integer({ min: 30, max: 5_000 }),
      array: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('huge' as const),
      field: fc.constantFrom(...FIELDS),
      size: fc.integer({ min: 1_000, max: 600_000 }),
    }),
    weight: 1,
  },
);
type BodyRecipe = typeof bodyRecipe extends fc.Arbitrary<infer T> ? T : never;

/** Sets a key as JSON.parse would, `__proto__` included (a plain assignment would set the prototype). */
function withField(object: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  if (value === undefined) delete copy[field];
  else Object.defineProperty(copy, field, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** The body's bytes: the template with its accountId, changed as the recipe says. */
function bodyOf(recipe: BodyRecipe, template: Record<string, unknown>, accountId: string): Buffer {
  const base: Record<string, unknown> = { accountId, ...template };
  switch (recipe.kind) {
    case 'bytes':
      return Buffer.from(recipe.bytes);
    case 'text':
      return Buffer.from(recipe.text);
    case 'json':
      return Buffer.from(JSON.stringify(recipe.value) ?? '');
    case 'mutated':
      return Buffer.from(
        JSON.stringify(
          recipe.changes.reduce((body, { field, value }) => withField(body, field, value), base),
        ),
      );
    case 'deep': {
      const [open, close] = recipe.array ? ['[', ']'] : ['{"a":', '}'];
      const nested = `${open.repeat(recipe.depth)}{"__proto__":1}${close.repeat(recipe.depth)}`;
      const rest = JSON.stringify(withField(base, recipe.field, undefined));
      return Buffer.from(`${rest.slice(0, -1)}${rest === '{}' ? '' : ','}"${recipe.field}":${nested}}`);
    }
    case 'huge':
      return Buffer.from(JSON.stringify(withField(base, recipe.field, 'x'.repeat(recipe.size))));
  }
}

/** A message id: ours (unique), none, empty, or one too long to record. */
const messageIdOf = fc.oneof(
  { arbitrary: fc.constant('case' as const), weight: 8 },
  { arbitrary: fc.constantFrom(undefined, ''), weight: 1 },
  // An AMQP short string holds at most 255 bytes.
  { arbitrary: fc.integer({ min: 60, max: 240 }), weight: 1 },
);

/** Which account the message names: the connected one, one that does not exist, or no UUID. */
const accountOf = fc.oneof(
  { arbitrary: fc.constant('connected' as const), weight: 3 },
  { arbitrary: fc.constant('unknown' as const), weight: 3 },
  { arbitrary: fc.constantFrom('not-a-uuid', '', '00000000-0000-0000-0000-00000000000g'), weight: 1 },
);

/** Headers and properties a producer could get wrong. */
const extras = fc.record({
  contentType: fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/octet-stream', ''),
  contentEncoding: fc.constantFrom(undefined, 'gzip', 'identity'),
  retryCount: fc.constantFrom<unknown>(undefined, undefined, -1, 0.5, 'abc', 3, 99),
  accountHeader: fc.constantFrom<unknown>(undefined, 'x', 42),
});

/** What a message must come to: applied (its inbox row), or parked at once with a reason. */
type Outcome = 'committed' | 'parked';

/** The outcome the transport owes a message, from the same contracts the services use. */
function owedOutcome(
  consumer: ConsumerUnderTest,
  routingKey: string,
  messageId: string | undefined,
  body: Buffer,
): Outcome {
  if (!messageId || messageId.length > 64) return 'parked';
  const contract = contractFor(routingKey);
  if (!contract || !(routingKey in consumer.templates)) return 'parked';
  try {
    validatePayload(contract, JSON.parse(body.toString('utf8')));
    return 'committed';
  } catch {
    return 'parked';
  }
}

/** Whether promo-loyalty must refuse the request (rather than answer it, whatever the answer). */
function owesRefusal(operation: string | undefined, body: Buffer): boolean {
  const served = operation === undefined ? undefined : OPERATIONS[operation];
  if (!served) return true;
  try {
    validateRpcRequest(served.contract, JSON.parse(body.toString('utf8')));
    return false;
  } catch {
    return true;
  }
}

describe('fuzzing the message consumers', () => {
  let stack: OrderCardStack;
  let db: DataSource;
  let connection: ChannelModel;
  let channel: Channel;
  let accountId: string;
  let cases = 0;
  /** Outcome counts per queue, for the README's table. */
  const tally = new Map<string, Record<string, number>>();

  const count = (queue: string, outcome: string) => {
    const entry = tally.get(queue) ?? {};
    entry[outcome] = (entry[outcome] ?? 0) + 1;
    tally.set(queue, entry);
  };

  /**
   * Rows a malformed message could have left: account and settings rows changed, rows of the
   * services' tables for accounts that do not exist, and journal rows of the fuzz's messages.
   */
  async function writes(): Promise<string> {
    const orphans = [
      'customer_sync_state',
      'customer_full_load',
      'customer_link',
      'customer_sync_journal',
      'order_sync_state',
      'order_processing_state',
      'order_sync_journal',
      'order_card_intent',
      'outbox_message',
      'product_feed',
    ].map(
      (table) =>
        `(SELECT count(*) FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.id = t.account_id)) AS "${table}"`,
    );
    const settings = [
      'account',
      'mindbox_settings',
      'customer_settings',
      'order_settings',
      'product_settings',
      'field_settings',
    ].map(
      (table) =>
        `(SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM ${table}) AS "${table}"`,
    );
    const [row] = await db.query(
      `SELECT ${[...orphans, ...settings].join(', ')},
              (SELECT count(*) FROM customer_sync_journal WHERE message_id LIKE 'fuzz-%') AS "customer journal",
              (SELECT count(*) FROM order_sync_journal WHERE message_id LIKE 'fuzz-%') AS "order journal"`,
    );
    return JSON.stringify(row);
  }

  /** Every service answers live and ready, and none has exited. */
  async function expectHealthy(): Promise<void> {
    for (const service of stack.processes) expect(service.child.exitCode).toBeNull();
    for (const url of Object.values(stack.health)) {
      await waitForStatus(`${url}/health/live`, 200, 5_000);
      await waitForStatus(`${url}/health/ready`, 200, 5_000);
    }
  }

  /** Takes the parked message of a case from the queue's parking queue, if it is there. */
  async function takeParked(queue: string, caseId: string): Promise<GetMessage | undefined> {
    const kept: GetMessage[] = [];
    try {
      for (
        let message = await channel.get(deadLetterQueueName(queue));
        message;
        message = await channel.get(deadLetterQueueName(queue))
      ) {
        if (message.properties.headers?.['x-fuzz-case'] === caseId) {
          channel.ack(message);
          return message;
        }
        kept.push(message);
      }
      return undefined;
    } finally {
      for (const message of kept) channel.nack(message, false, true);
    }
  }

  /** Waits until the case's message is applied or parked, and says which. */
  async function settle(queue: string, caseId: string, messageId: string | undefined) {
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline) {
      if (messageId && messageId.length <= 64) {
        const [row] = await db.query(`SELECT 1 FROM inbox_message WHERE consumer = $1 AND message_id = $2`, [
          queue,
          messageId,
        ]);
        if (row) return { outcome: 'committed' as const };
      }
      const parked = await takeParked(queue, caseId);
      if (parked) return { outcome: 'parked' as const, parked };
      await sleep(20);
    }
    return { outcome: 'lost' as const };
  }

  /** Nothing waits in a queue or on its retry ladder, and nothing is left parked. */
  async function expectDrained(queue: string): Promise<void> {
    const names = [
      queue,
      deadLetterQueueName(queue),
      ...RETRY_DELAYS_MS.split(',').map((d) => retryQueueName(queue, Number(d))),
    ];
    for (const name of names)
      expect([name, (await channel.checkQueue(name)).messageCount]).toEqual([name, 0]);
  }

  beforeAll(async () => {
    const base = new URL(process.env.AMQP_URL as string);
    rabbitmqctl('add_vhost', VHOST);
    rabbitmqctl(
      'set_permissions',
      '-p',
      VHOST,
      decodeURIComponent(base.username || 'guest'),
      '.*',
      '.*',
      '.*',
    );
    base.pathname = `/${VHOST}`;
    process.env.AMQP_URL = base.toString();
    // The stack reads its ports when loaded: ours are in 4950-4954.
    Object.assign(process.env, {
      PROMO_E2E_SANDBOX_PORT: String(PORT),
      PROMO_E2E_GATEWAY_PORT: String(PORT + 1),
      PROMO_E2E_HEALTH_PORT: String(PORT + 2),
      PROMO_E2E_OP_HEALTH_PORT: String(PORT + 3),
      PROMO_E2E_CS_HEALTH_PORT: String(PORT + 4),
    });
    const { startOrderCardStack } = await import('../promo-loyalty/order-card-stack');
    stack = await startOrderCardStack({
      orderProcessing: true,
      customerSync: true,
      databasePrefix: 'fuzz_consumers_',
      logLevel: process.env.FUZZ_LOG_LEVEL ?? 'fatal',
      workerEnv: {
        CUSTOMER_SYNC_QUEUE_PREFIX: 'customer-sync',
        ORDER_PROCESSING_QUEUE_PREFIX: 'order-processing',
        CUSTOMER_SYNC_RETRY_DELAYS_MS: RETRY_DELAYS_MS,
        ORDER_PROCESSING_RETRY_DELAYS_MS: RETRY_DELAYS_MS,
      },
    });
    db = new DataSource(dataSourceOptions(stack.databaseUrl));
    await db.initialize();
    [{ id: accountId }] = await db.query(`SELECT id FROM account WHERE client_id = $1`, [stack.clientId]);
    connection = await connect(process.env.AMQP_URL);
    channel = await connection.createChannel();
  }, 120_000);

  afterAll(async () => {
    const table = Object.fromEntries(tally);
    process.stdout.write(
      `fuzz: ${cases} messages and requests, outcomes by queue ${JSON.stringify(table)}\n`,
    );
    await connection?.close().catch(() => undefined);
    await db?.destroy();
    await stack?.stop();
    // The services' own lines, for a failure's why (FUZZ_LOG_LEVEL=warn says more).
    if (process.env.FUZZ_LOG_DIR) {
      for (const [i, service] of (stack?.processes ?? []).entries()) {
        writeFileSync(
          join(process.env.FUZZ_LOG_DIR, `service-${i}.log`),
          [...service.stdout, ...service.stderr].join(''),
        );
      }
    }
    rabbitmqctl('delete_vhost', VHOST);
  });

  describe.each(CONSUMERS)('$queue', (consumer) => {
    const routingKeys = fc.oneof(
      { arbitrary: fc.constantFrom(...Object.keys(consumer.templates)), weight: 6 },
      { arbitrary: fc.constantFrom(...ALL_KEYS), weight: 1 },
      {
        arbitrary: fc.constantFrom('customer.changed.v3', 'order.deleted.v1', '#', '', 'x'.repeat(300)),
        weight: 1,
      },
      { arbitrary: fc.constant(undefined), weight: 1 },
    );

    it('parks what breaks its contract at once, with the reason, applies the rest, and writes nothing', async () => {
      const before = await writes();
      await fc.assert(
        fc.asyncProperty(
          routingKeys,
          accountOf,
          bodyRecipe,
          messageIdOf,
          extras,
          async (routingKey, account, recipe, id, extra) => {
            const caseId = `${RUN}-${(cases += 1)}`;
            const messageId =
              id === 'case' ? `fuzz-${caseId}` : typeof id === 'number' ? `fuzz-${'x'.repeat(id)}` : id;
            const template = consumer.templates[routingKey ?? ''] ?? Object.values(consumer.templates)[0];
            const key = routingKey ?? consumer.queue;
            let body = bodyOf(
              recipe,
              template,
              account === 'connected' ? accountId : account === 'unknown' ? randomUUID() : account,
            );
            // A valid message of the connected account would do real work: name an unknown one instead.
            const owed = owedOutcome(consumer, key, messageId, body);
            if (owed === 'committed' && account === 'connected')
              body = bodyOf(recipe, template, randomUUID());

            channel.sendToQueue(consumer.queue, body, {
              messageId,
              contentType: extra.contentType,
              contentEncoding: extra.contentEncoding,
              persistent: true,
              headers: {
                'x-fuzz-case': caseId,
                ...(routingKey === undefined ? {} : { [Headers.routingKey]: routingKey }),
                ...(extra.retryCount === undefined ? {} : { [Headers.retryCount]: extra.retryCount }),
                ...(extra.accountHeader === undefined ? {} : { [Headers.accountId]: extra.accountHeader }),
              },
            });
            const seen = await settle(consumer.queue, caseId, messageId);
            count(consumer.queue, seen.outcome);
            const what = `${key} ${body.toString('utf8').slice(0, 300)} (messageId ${messageId?.slice(0, 20)})`;
            if (seen.outcome !== owed) throw new Error(`${what}: ${seen.outcome}, owed ${owed}`);
            if (seen.outcome === 'parked') {
              // At once: no trip through a retry queue (the broker's x-death would say so).
              const headers = seen.parked.properties.headers ?? {};
              expect([what, headers['x-death']]).toEqual([what, undefined]);
              expect([what, String(headers[Headers.lastError])]).toEqual([
                what,
                expect.stringMatching(/^MessageValidationError: .+/),
              ]);
            }
          },
        ),
        { numRuns: RUNS },
      );
      await expectDrained(consumer.queue);
      await expectHealthy();
      expect(await writes()).toBe(before);
    });
  });

  it('answers every malformed request to promo-loyalty with a refusal that says why, never with silence', async () => {
    const replies = new Map<string, (reply: ConsumeMessage) => void>();
    const { consumerTag } = await channel.consume(
      'amq.rabbitmq.reply-to',
      (reply) => reply && replies.get(String(reply.properties.correlationId))?.(reply),
      { noAck: true },
    );
    const before = await writes();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { arbitrary: fc.constantFrom(...Object.keys(OPERATIONS)), weight: 6 },
          {
            arbitrary: fc.constantFrom(undefined, '', 'promo.refund.v1', 'PROMO.APPLY.V1', 'x'.repeat(255)),
            weight: 1,
          },
        ),
        accountOf,
        bodyRecipe,
        // A deadline already passed is dropped unanswered by design (the caller has gone): not
        // here. Nor a header of an infinite double: RabbitMQ closes the connection (541) on it.
        fc.constantFrom<unknown>(undefined, 'abc', '', 'Infinity', 'later'),
        async (operation, account, recipe, deadline) => {
          const caseId = `${RUN}-${(cases += 1)}`;
          const template = OPERATIONS[operation ?? '']?.template ?? OPERATIONS[BonusBalance.name].template;
          let body = bodyOf(
            recipe,
            template,
            account === 'connected' ? accountId : account === 'unknown' ? randomUUID() : account,
          );
          const refusal = owesRefusal(operation, body);
          if (!refusal && account === 'connected') body = bodyOf(recipe, template, randomUUID());
          const reply = new Promise<ConsumeMessage | undefined>((resolve) => {
            const timer = setTimeout(() => resolve(undefined), 6_000);
            replies.set(caseId, (message) => {
              clearTimeout(timer);
              resolve(message);
            });
          });
          channel.sendToQueue(rpcQueueName(PROMO_LOYALTY_SERVICE), body, {
            correlationId: caseId,
            replyTo: 'amq.rabbitmq.reply-to',
            type: operation,
            contentType: 'application/json',
            headers:
              deadline === undefined
                ? {}
                : { [RpcHeaders.deadline]: deadline === 'later' ? Date.now() + 5_000 : deadline },
          });
          const answer = await reply;
          replies.delete(caseId);
          const what = `${operation} ${body.toString('utf8').slice(0, 300)} (deadline ${String(deadline)})`;
          if (!answer) throw new Error(`${what}: no reply`);
          const envelope = JSON.parse(answer.content.toString('utf8'));
          count(rpcQueueName(PROMO_LOYALTY_SERVICE), envelope.ok ? 'answered' : envelope.error?.code);
          if (refusal) {
            expect([what, envelope.ok, envelope.error?.code]).toEqual([
              what,
              false,
              expect.stringMatching(/^(invalid-request|unknown-operation)$/),
            ]);
            expect(envelope.error.message).toMatch(/\S/);
          } else if (!envelope.ok) {
            expect([what, envelope.error?.code]).not.toEqual([what, 'invalid-request']);
          }
        },
      ),
      { numRuns: RUNS },
    );
    await channel.cancel(consumerTag);
    await expectHealthy();
    expect(await writes()).toBe(before);
  });

  it('takes a valid message on every queue, and a valid request, after the fuzz', async () => {
    const valid: [string, string, Record<string, unknown>][] = [
      ['customer-sync.customer-changed', 'customer.changed.v1', { customerId: 7, historyId: 1, fields: [] }],
      [
        'customer-sync.full-load',
        'customer.full-load-item.v1',
        CONSUMERS[1].templates['customer.full-load-item.v1'],
      ],
      ['order-processing.order-changed', 'order.changed.v1', { orderId: 1, historyId: 1, fields: [] }],
    ];
    for (const [queue, routingKey, payload] of valid) {
      const messageId = randomUUID();
      channel.publish(EVENTS_EXCHANGE, routingKey, Buffer.from(JSON.stringify({ ...payload, accountId })), {
        messageId,
        contentType: 'application/json',
        persistent: true,
        headers: { [Headers.accountId]: accountId },
      });
      const seen = await settle(queue, messageId, messageId);
      expect([queue, seen.outcome]).toEqual([queue, 'committed']);
    }
    const answer = await stack.embed('bonus-balance', { order: cardOrder });
    expect(answer.status).toBe(200);
    expect(typeof answer.body.state).toBe('string');
    await expectHealthy();
  });
});
