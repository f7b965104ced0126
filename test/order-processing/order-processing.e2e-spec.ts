import type { INestApplication } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AmqpConnection, JournalRetryRequested, SyncRequested } from '@app/messaging';
import type { Order } from '@app/retailcrm';
import { OrderSyncStatusReader } from '../../apps/order-processing/src/status';
import { AnyJson, SandboxUnderTest } from '../sandbox/mindbox-harness';
import {
  createAccount,
  crmControl,
  crmRequests,
  deleteOrderQueues,
  dropDatabase,
  eventually,
  mindboxOrder,
  mindboxRequests,
  prepareDatabase,
  startOrderProcessing,
  TabPatch,
  TestAccount,
  useE2eEnvironment,
} from './order-processing-harness';

// order-processing in this process against the sandbox (in this process too), the real Postgres
// (a database of its own) and the real RabbitMQ.
useE2eEnvironment();

const CALCULATE = 'Website.CalculateAuthorizedCart';
const BEGIN = 'Website.BeginAuthorizedOrderTransaction';
const COMMIT = 'Website.CommitOrderTransaction';
const ROLLBACK = 'Website.RollbackOrderTransaction';
const LINE_STATUS = 'Website.UpdateOrderItemsStatus';

/** Catalogue offers of the simulated shop (`offer-<id>`, price from the catalogue). */
const SHIRT = { externalId: 'offer-1000' };
const SHOES = { externalId: 'offer-1010' };

describe('order-processing against the sandbox', () => {
  let sandbox: SandboxUnderTest;
  let app: INestApplication;
  let db: DataSource;

  const reader = () => new OrderSyncStatusReader(db);

  /** An account whose Mindbox project has an automatic 10 % discount and whose customer 1 has 1000 points. */
  async function account(patch: TabPatch = {}): Promise<TestAccount> {
    const created = await createAccount(app, sandbox, patch);
    await sandbox.control('POST', `/projects/${created.endpointId}/promotions`, {
      kind: 'percent',
      value: 10,
      externalId: 'auto-10',
    });
    await polling(created);
    return created;
  }

  async function polling(target: TestAccount): Promise<void> {
    await eventually(
      async () => (await reader().status(target.accountId)).live.lastPollAt !== null,
      10_000,
      'the first poll',
    );
  }

  /** A manager creates an order in the CRM. */
  async function createOrder(target: TestAccount, order: Record<string, unknown>): Promise<Order> {
    return crmControl(sandbox, 'POST', `/${target.code}/orders`, {
      site: target.site,
      order: { orderMethod: 'phone', firstName: 'Anna', email: 'anna@example.com', ...order },
    });
  }

  /** A manager edits an order in the CRM. */
  async function editOrder(target: TestAccount, id: number, order: Record<string, unknown>): Promise<Order> {
    return crmControl(sandbox, 'PATCH', `/${target.code}/orders/${id}`, { order });
  }

  async function journalOf(target: TestAccount, orderId: number) {
    return (await reader().journal(target.accountId, { crmId: orderId, limit: 200 })).entries;
  }

  /** Waits for a journal entry of the order with the operation and outcome, newer than `afterId`. */
  async function journalled(
    target: TestAccount,
    orderId: number,
    operation: string,
    outcome = 'synced',
    afterId = 0,
  ) {
    return eventually(
      async () =>
        (await journalOf(target, orderId)).find(
          (entry) => entry.id > afterId && entry.operation === operation && entry.outcome === outcome,
        ),
      20_000,
      `journal ${operation}/${outcome} of order ${orderId}`,
    );
  }

  const ok = (requests: AnyJson[], operation: string, orderId: number) =>
    requests.filter(
      (r) =>
        r.operation === operation &&
        r.status === 200 &&
        String(r.body?.order?.ids?.retailcrmId ?? '') === String(orderId),
    );

  beforeAll(async () => {
    db = await prepareDatabase();
    sandbox = await SandboxUnderTest.start();
    app = await startOrderProcessing();
  }, 60_000);

  afterAll(async () => {
    if (app) {
      await deleteOrderQueues(app);
      await app.close();
    }
    await sandbox?.close();
    await db?.destroy();
    await dropDatabase();
  });

  afterEach(async () => {
    await sandbox.request('DELETE', '/control/faults');
  });

  it('calculates an order in a "calculate" status and writes the prices back, without an echo loop', async () => {
    const target = await account();
    const created = await createOrder(target, {
      status: 'new',
      items: [
        { offer: SHIRT, quantity: 2 },
        { offer: SHOES, quantity: 1 },
      ],
      delivery: { cost: 300, address: { text: 'Moscow, Tverskaya 1' } },
    });
    await journalled(target, created.id, 'calculate');

    const order = await target.crm.orders.get(created.id);
    for (const item of order.items) {
      // The project's automatic 10 %: a manual discount of a tenth of the unit price.
      expect(item.discountManualAmount).toBeCloseTo((item.initialPrice ?? 0) * 0.1, 2);
      expect(item.properties).toContainEqual({
        code: 'mindbox-price',
        name: 'Mindbox price',
        value: ((item.initialPrice ?? 0) * 0.9).toFixed(2),
      });
    }
    const goods = order.items.reduce((sum, item) => sum + (item.initialPrice ?? 0) * item.quantity, 0);
    expect(order.customFields.mindbox_discount).toBe(Math.round(goods * 0.1));

    const requests = await mindboxRequests(sandbox, target);
    const [calculate] = ok(requests, CALCULATE, created.id);
    expect(calculate.body).toMatchObject({
      customer: { ids: { retailcrmId: String(order.customer?.id) } },
      pointOfContact: 'Retailcrm',
      order: {
        ids: { retailcrmId: String(created.id) },
        deliveryCost: 300,
        customFields: { DeliveryAddress: 'Moscow, Tverskaya 1' },
      },
    });
    expect(calculate.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok(requests, BEGIN, created.id)).toHaveLength(0);

    // The write-back is the module's own change: polls after it send nothing more.
    const edits = (await crmRequests(sandbox, target)).filter((r) => r.operation.endsWith('/edit'));
    expect(edits).toHaveLength(1);
    await sleep(1_500);
    expect((await mindboxRequests(sandbox, target)).length).toBe(requests.length);
    expect((await crmRequests(sandbox, target)).filter((r) => r.operation.endsWith('/edit'))).toHaveLength(1);
  }, 40_000);

  it('never drops an item a manager added while Mindbox was calculating', async () => {
    const target = await account();
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'latency',
      latencyMs: 1_500,
      operation: CALCULATE,
      tenant: target.endpointId,
      times: 1,
    });
    const created = await createOrder(target, { status: 'new', items: [{ offer: SHIRT, quantity: 1 }] });
    await eventually(
      async () => {
        const [row] = await db.query(
          `SELECT step FROM order_processing_state WHERE account_id = $1 AND crm_order_id = $2`,
          [target.accountId, created.id],
        );
        return row?.step === 'calculate';
      },
      10_000,
      'the calculate call to be under way',
    );
    const current = await target.crm.orders.get(created.id);
    await editOrder(target, created.id, {
      items: [{ id: current.items[0].id }, { offer: SHOES, quantity: 1 }],
    });

    await eventually(
      async () => {
        const order = await target.crm.orders.get(created.id);
        return order.items.length === 2 && order.items.every((item) => (item.discountManualAmount ?? 0) > 0);
      },
      20_000,
      'both items priced by Mindbox',
    );
    const order = await target.crm.orders.get(created.id);
    expect(order.items.map((item) => item.offer?.externalId).sort()).toEqual([
      SHIRT.externalId,
      SHOES.externalId,
    ]);
    for (const item of order.items)
      expect(item.discountManualAmount).toBeCloseTo((item.initialPrice ?? 0) * 0.1, 2);
  }, 40_000);

  it('begins and commits an order in a "begin + commit" status, then writes back; service products and "no prices" respected', async () => {
    const target = await account({
      products: { serviceProductIds: ['offer-1010'] },
    });
    const created = await createOrder(target, {
      status: 'complete',
      items: [
        { offer: SHIRT, quantity: 1 },
        { offer: SHOES, quantity: 1 },
      ],
    });
    await journalled(target, created.id, 'transaction');

    const held = await mindboxOrder(sandbox, target, created.id);
    expect(held).toMatchObject({ status: 'committed', openTransaction: null });
    const requests = await mindboxRequests(sandbox, target);
    const [begin] = ok(requests, BEGIN, created.id);
    const [commit] = requests.filter((r) => r.operation === COMMIT);
    expect(commit.body.order.transaction.ids.externalId).toBe(begin.body.order.transaction.ids.externalId);
    expect(begin.transactionId).not.toBe(commit.transactionId);

    const order = await target.crm.orders.get(created.id);
    const shirt = order.items.find((item) => item.offer?.externalId === SHIRT.externalId);
    const shoes = order.items.find((item) => item.offer?.externalId === SHOES.externalId);
    expect(shirt?.discountManualAmount).toBeCloseTo((shirt?.initialPrice ?? 0) * 0.1, 2);
    // A service product keeps its price and gets no Mindbox price.
    expect(shoes?.discountManualAmount ?? 0).toBe(0);
    expect(shoes?.properties ?? []).toEqual([]);

    // "Don't write back prices": the property is filled, the prices stay.
    const noPrices = await account({ products: { skipPriceWriteback: true } });
    const other = await createOrder(noPrices, { status: 'complete', items: [{ offer: SHIRT, quantity: 3 }] });
    await journalled(noPrices, other.id, 'transaction');
    const [item] = (await noPrices.crm.orders.get(other.id)).items;
    expect(item.discountManualAmount ?? 0).toBe(0);
    expect(item.properties).toContainEqual(expect.objectContaining({ code: 'mindbox-price' }));
    expect((await mindboxOrder(sandbox, noPrices, other.id))?.status).toBe('committed');
  }, 60_000);

  it('writes back one price per CRM line when Mindbox splits the line', async () => {
    const target = await account();
    await sandbox.control('PATCH', `/projects/${target.endpointId}`, { splitLines: true });
    const created = await createOrder(target, {
      status: 'complete',
      items: [
        { offer: SHIRT, quantity: 3 },
        { offer: SHOES, quantity: 1 },
      ],
    });
    await journalled(target, created.id, 'transaction');
    const order = await target.crm.orders.get(created.id);
    const shirt = order.items.find((item) => item.offer?.externalId === SHIRT.externalId)!;

    // The project answers the shirt line as two lines with the same lineId.
    const caller = sandbox.mindbox(target.endpointId, `secret-${target.endpointId.slice(3)}`);
    const [begin] = ok(await mindboxRequests(sandbox, target), BEGIN, created.id);
    const preview = await caller.call(CALCULATE, {
      ...begin.body,
      order: { ...begin.body.order, transaction: undefined },
    });
    const parts = preview.body.order.lines.filter((line: AnyJson) => line.lineId === String(shirt.id));
    expect(parts.map((line: AnyJson) => line.quantity)).toEqual([2, 1]);

    // One discount per unit for the CRM line, from both parts.
    expect(shirt.discountManualAmount).toBeCloseTo((shirt.initialPrice ?? 0) * 0.1, 2);
    expect(shirt.properties).toContainEqual(
      expect.objectContaining({ code: 'mindbox-price', value: ((shirt.initialPrice ?? 0) * 0.9).toFixed(2) }),
    );
    const goods = order.items.reduce((sum, item) => sum + (item.initialPrice ?? 0) * item.quantity, 0);
    expect(order.customFields.mindbox_discount).toBe(Math.round(goods * 0.1));
  }, 40_000);

  it("passes RetailCRM's own discount as the external promotion and does not write it back twice", async () => {
    const target = await account({
      orders: {
        conditions: {
          orderMethods: ['phone'],
          calculateStatuses: ['new'],
          transactionStatuses: ['complete'],
          transactionWithDiscountStatuses: ['prepayed'],
          lineStatusStatuses: ['send-to-delivery'],
        },
        extra: { pointOfContact: 'Retailcrm', discountPromotionId: 'crm-manual' },
      },
    });
    const created = await createOrder(target, {
      status: 'prepayed',
      discountManualAmount: 100,
      items: [{ offer: SHIRT, quantity: 2 }],
    });
    await journalled(target, created.id, 'transaction');
    const [begin] = ok(await mindboxRequests(sandbox, target), BEGIN, created.id);
    expect(begin.body.order.requestedPromotions).toEqual([
      { type: 'discount', promotion: { ids: { externalId: 'crm-manual' } }, amount: 100 },
    ]);
    const order = await target.crm.orders.get(created.id);
    const [item] = order.items;
    // Mindbox's 10 % is on what remains after the CRM's 100; the CRM's 100 stays the order's own discount.
    const base = (item.initialPrice ?? 0) * 2;
    expect(item.discountManualAmount).toBeCloseTo(((base - 100) * 0.1) / 2, 1);
    expect(order.discountManualAmount).toBe(100);
  }, 40_000);

  it('sends mapped line statuses, and cancellation gives back points and releases a one-time code', async () => {
    const target = await account();
    await sandbox.control('POST', `/projects/${target.endpointId}/coupon-pools`, {
      kind: 'oneTime',
      codes: ['ONCE-A'],
      discount: { kind: 'amount', value: 200 },
      externalId: 'once',
    });
    const created = await createOrder(target, {
      status: 'complete',
      customFields: { mindbox_promo_code: 'ONCE-A' },
      items: [
        { offer: SHIRT, quantity: 1 },
        { offer: SHOES, quantity: 2 },
      ],
    });
    const customerId = String(created.customer?.id ?? (await target.crm.orders.get(created.id)).customer?.id);
    await journalled(target, created.id, 'transaction');
    // Points chosen in the order card are spent with the next change.
    await sandbox.control(
      'PUT',
      `/projects/${target.endpointId}/customers/retailcrmId/${customerId}/balance`,
      {
        available: 1000,
      },
    );
    await db.query(
      `INSERT INTO order_card_intent (account_id, crm_order_id, points_to_spend) VALUES ($1, $2, 300)`,
      [target.accountId, created.id],
    );
    const first = await target.crm.orders.get(created.id);
    await editOrder(target, created.id, { managerComment: 'spend points' });
    await eventually(
      async () => (await mindboxOrder(sandbox, target, created.id))?.spentPoints === 300,
      20_000,
      'the points to be spent',
    );
    expect(
      (await sandbox.control('GET', `/projects/${target.endpointId}/coupons?codes=ONCE-A`)).coupons[0].status,
    ).toBe('Used');

    const last = (await journalOf(target, created.id))[0].id;
    await editOrder(target, created.id, {
      status: 'send-to-delivery',
      items: first.items.map((item) => ({
        id: item.id,
        status: item.offer?.externalId === SHIRT.externalId ? 'saled' : 'new',
      })),
    });
    await journalled(target, created.id, 'line-status', 'synced', last);
    const [update] = ok(await mindboxRequests(sandbox, target), LINE_STATUS, created.id);
    const shirt = first.items.find((item) => item.offer?.externalId === SHIRT.externalId);
    expect(update.body.order.lines).toEqual([
      { lineId: String(shirt?.id), quantity: 1, status: { ids: { externalId: 'Delivered' } } },
    ]);

    await editOrder(target, created.id, { status: 'cancel-other' });
    await journalled(target, created.id, 'cancel');
    expect((await mindboxOrder(sandbox, target, created.id))?.status).toBe('cancelled');
    const balance = await sandbox.control(
      'GET',
      `/projects/${target.endpointId}/customers/retailcrmId/${customerId}/balance`,
    );
    expect(balance).toMatchObject({ available: 1000, blocked: 0 });
    expect(
      (await sandbox.control('GET', `/projects/${target.endpointId}/coupons?codes=ONCE-A`)).coupons[0].status,
    ).toBe('Active');
  }, 60_000);

  it('keeps a one-time code placed on the site applied when the order is edited in the CRM', async () => {
    const target = await account();
    await sandbox.control('POST', `/projects/${target.endpointId}/coupon-pools`, {
      kind: 'oneTime',
      codes: ['SITE-ONCE'],
      discount: { kind: 'amount', value: 500 },
      externalId: 'site-once',
    });
    // The site placed the order in Mindbox under its own id, with the code.
    const site = sandbox.mindbox(target.endpointId, `secret-${target.endpointId.slice(3)}`);
    const lines = [
      {
        lineId: 'site-1',
        lineNumber: 1,
        basePricePerItem: 2000,
        quantity: 1,
        product: { ids: { retailcrmProductId: SHIRT.externalId } },
      },
    ];
    const placed = await site.call(BEGIN, {
      customer: { ids: { retailcrmId: 'site-buyer' } },
      order: {
        ids: { retailcrmExternalId: 'SITE-1' },
        coupons: [{ ids: { code: 'SITE-ONCE' } }],
        lines,
        transaction: { ids: { externalId: 'site-tx' } },
      },
    });
    expect(placed.body.status).toBe('Success');
    await site.call(COMMIT, {
      order: { ids: { retailcrmExternalId: 'SITE-1' }, transaction: { ids: { externalId: 'site-tx' } } },
    });

    const created = await createOrder(target, {
      externalId: 'SITE-1',
      status: 'complete',
      customFields: { mindbox_promo_code: 'SITE-ONCE' },
      items: [{ offer: SHIRT, quantity: 1, initialPrice: 2000 }],
    });
    await journalled(target, created.id, 'transaction');
    const journalId = (await journalOf(target, created.id))[0].id;
    // Edited in the CRM: one more shirt. Re-sent under the same ids, the code still applies.
    const current = await target.crm.orders.get(created.id);
    await editOrder(target, created.id, { items: [{ id: current.items[0].id, quantity: 2 }] });
    await journalled(target, created.id, 'transaction', 'synced', journalId);

    const begins = ok(await mindboxRequests(sandbox, target), BEGIN, created.id);
    expect(begins.length).toBeGreaterThanOrEqual(2);
    for (const begin of begins) {
      expect(begin.body.order.ids).toEqual({
        retailcrmId: String(created.id),
        retailcrmExternalId: 'SITE-1',
      });
    }
    const held = await mindboxOrder(sandbox, target, created.id);
    expect(held.status).toBe('committed');
    // One order in Mindbox: the site's, now known by the CRM id too, still holding its code.
    expect(held.ids).toMatchObject({ retailcrmId: String(created.id), retailcrmExternalId: 'SITE-1' });
    expect(held.coupons).toContainEqual({ code: 'SITE-ONCE', status: 'Used' });
    const edited = await target.crm.orders.get(created.id);
    // 10 % automatic, then the code's 500 over two lines' worth: the order's discount includes the 500.
    expect(Number(edited.customFields.mindbox_discount)).toBeGreaterThanOrEqual(500);
    expect(edited.customFields.mindbox_promo_code).toBe('SITE-ONCE');

    // Any other order gets nothing from the used code.
    const another = await createOrder(target, {
      status: 'complete',
      customFields: { mindbox_promo_code: 'SITE-ONCE' },
      items: [{ offer: SHIRT, quantity: 2, initialPrice: 2000 }],
    });
    await journalled(target, another.id, 'transaction');
    expect(Number((await target.crm.orders.get(another.id)).customFields.mindbox_discount)).toBe(400);
  }, 60_000);

  it('finishes a transaction left open by a crash between begin and commit when it restarts', async () => {
    const target = await account();
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'status',
      status: 503,
      operation: COMMIT,
      tenant: target.endpointId,
      forMs: 120_000,
    });
    const created = await createOrder(target, { status: 'complete', items: [{ offer: SHIRT, quantity: 1 }] });
    await eventually(
      async () => {
        const [row] = await db.query(
          `SELECT stage FROM order_processing_state WHERE account_id = $1 AND crm_order_id = $2`,
          [target.accountId, created.id],
        );
        return row?.stage === 'committing';
      },
      20_000,
      'begin done and commit failing',
    );
    // The process dies; the message is lost with its queue (as if parked), the fault goes away.
    await app.close();
    await sandbox.request('DELETE', '/control/faults');
    const restarted = await startOrderProcessing({ recoverAfterMs: 1_000 });
    await deleteOrderQueues(restarted, true);
    app = restarted;

    await journalled(target, created.id, 'transaction');
    const held = await mindboxOrder(sandbox, target, created.id);
    expect(held).toMatchObject({ status: 'committed', openTransaction: null });
    const requests = await mindboxRequests(sandbox, target);
    expect(ok(requests, BEGIN, created.id)).toHaveLength(1);
    const commits = requests.filter((r) => r.operation === COMMIT);
    // Every commit attempt carried the same transactionId, before and after the restart.
    expect(new Set(commits.map((r) => r.transactionId)).size).toBe(1);
    expect(commits.filter((r) => r.status === 200)).toHaveLength(1);
    expect(requests.filter((r) => r.operation === ROLLBACK)).toHaveLength(0);
  }, 60_000);

  it('rolls back a transaction left open when the order no longer asks for it', async () => {
    const target = await account();
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'status',
      status: 503,
      operation: COMMIT,
      tenant: target.endpointId,
      forMs: 120_000,
    });
    const created = await createOrder(target, { status: 'complete', items: [{ offer: SHIRT, quantity: 1 }] });
    await eventually(
      async () => (await mindboxOrder(sandbox, target, created.id))?.openTransaction,
      20_000,
      'begin',
    );
    // Back to a "calculate" status while Mindbox refuses commits: the open transaction is rolled back.
    await editOrder(target, created.id, { status: 'new' });
    await journalled(target, created.id, 'rollback');
    await journalled(target, created.id, 'calculate');
    const held = await mindboxOrder(sandbox, target, created.id);
    expect(held.openTransaction).toBeNull();
    expect(held.status).not.toBe('committed');
  }, 60_000);

  it('keeps changes while Mindbox is down and applies the latest once when it is back', async () => {
    const target = await account();
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'status',
      status: 503,
      tenant: target.endpointId,
      forMs: 5_000,
    });
    const created = await createOrder(target, { status: 'new', items: [{ offer: SHIRT, quantity: 1 }] });
    await sleep(600);
    const current = await target.crm.orders.get(created.id);
    await editOrder(target, created.id, { items: [{ id: current.items[0].id, quantity: 3 }] });
    await sleep(600);
    await editOrder(target, created.id, { status: 'complete' });

    await journalled(target, created.id, 'transaction');
    const held = await mindboxOrder(sandbox, target, created.id);
    expect(held.status).toBe('committed');
    expect(held.lines.map((line: AnyJson) => line.quantity)).toEqual([3]);
    const requests = await mindboxRequests(sandbox, target);
    expect(requests.some((r) => r.status === 503)).toBe(true);
    expect(ok(requests, BEGIN, created.id)).toHaveLength(1);
    expect(requests.filter((r) => r.operation === COMMIT && r.status === 200)).toHaveLength(1);
    const [item] = (await target.crm.orders.get(created.id)).items;
    expect(item.discountManualAmount).toBeCloseTo((item.initialPrice ?? 0) * 0.1, 2);
    expect((await journalOf(target, created.id)).filter((e) => e.outcome === 'parked')).toHaveLength(0);
  }, 60_000);

  it("journals Mindbox's refusal in its words, and the journal's retry runs the order as it is now", async () => {
    const target = await account();
    const created = await createOrder(target, { status: 'complete', items: [{ offer: SHIRT, quantity: 1 }] });
    await journalled(target, created.id, 'transaction');
    await db.query(
      `INSERT INTO order_card_intent (account_id, crm_order_id, points_to_spend) VALUES ($1, $2, 5000)`,
      [target.accountId, created.id],
    );
    await editOrder(target, created.id, { managerComment: 'points' });
    const rejected = await journalled(target, created.id, 'sync', 'rejected');
    expect(rejected.error).toContain('Mindbox did not accept the order');
    expect(rejected.problems?.length).toBeGreaterThan(0);
    const status = await reader().status(target.accountId);
    expect(status).toMatchObject({ entity: 'orders', fullLoad: null, fullLoadCompletedAt: null });
    expect(status.counters.rejected).toBeGreaterThanOrEqual(1);
    expect(status.lastError).toMatchObject({ id: rejected.id, crmId: created.id });

    // The shop fixes it (fewer points), then presses retry.
    await db.query(`UPDATE order_card_intent SET points_to_spend = 0 WHERE account_id = $1`, [
      target.accountId,
    ]);
    await app.get(AmqpConnection).publish(JournalRetryRequested.routingKey, {
      accountId: target.accountId,
      entity: 'orders',
      journalId: rejected.id,
    });
    const retried = await journalled(target, created.id, 'transaction', 'synced', rejected.id);
    expect(retried.cause).toBe('retry');
    expect((await reader().journalEntry(target.accountId, rejected.id))?.retriedAt).not.toBeNull();
  }, 60_000);

  it('parks an order after the last retry with the words Mindbox gave, and the journal replays it', async () => {
    const target = await account();
    await sandbox.request('POST', '/control/faults', {
      side: 'mindbox',
      kind: 'status',
      status: 503,
      tenant: target.endpointId,
      forMs: 60_000,
    });
    const created = await createOrder(target, { status: 'complete', items: [{ offer: SHIRT, quantity: 1 }] });
    // The ladder of FAST_ENV is about 19 s long.
    const parked = await eventually(
      async () => (await journalOf(target, created.id)).find((entry) => entry.outcome === 'parked'),
      45_000,
      'the order to be parked',
    );
    expect(parked).toMatchObject({ operation: 'sync', retryable: true, mindboxOperation: BEGIN });
    expect(parked.error).toContain('Mindbox is unavailable');
    expect(parked.error).toContain('503');
    expect(await mindboxOrder(sandbox, target, created.id)).toBeUndefined();

    await sandbox.request('DELETE', '/control/faults');
    await app.get(AmqpConnection).publish(JournalRetryRequested.routingKey, {
      accountId: target.accountId,
      entity: 'orders',
      journalId: parked.id,
    });
    await journalled(target, created.id, 'transaction', 'synced', parked.id);
    expect((await mindboxOrder(sandbox, target, created.id))?.status).toBe('committed');
    expect(ok(await mindboxRequests(sandbox, target), BEGIN, created.id)).toHaveLength(1);
  }, 90_000);

  it('polls at once when the hook asks, and ignores customer hooks', async () => {
    const target = await account();
    const before = (
      await db.query(`SELECT poll_requests FROM order_sync_state WHERE account_id = $1`, [target.accountId])
    )[0];
    await app
      .get(AmqpConnection)
      .publish(SyncRequested.routingKey, { accountId: target.accountId, entity: 'customers' });
    await app
      .get(AmqpConnection)
      .publish(SyncRequested.routingKey, { accountId: target.accountId, entity: 'orders' });
    await eventually(
      async () => {
        const [row] = await db.query(
          `SELECT poll_requests, polls_served FROM order_sync_state WHERE account_id = $1`,
          [target.accountId],
        );
        return row.poll_requests === before.poll_requests + 1 && row.polls_served >= row.poll_requests;
      },
      10_000,
      'the requested poll',
    );
  }, 30_000);
});
