import { Injectable } from '@nestjs/common';
import { BehaviourResult, JsonObject, success } from '../api/answers';
import { balancesJson, customerJson, CustomerProcessingStatus } from '../customers/customer-json';
import { patchProfile } from '../customers/customer-payload';
import { refundPoints, releasePoints } from '../store/balances';
import { couponStatusFor, releaseCoupon, unholdCoupon } from '../store/coupons';
import { changeLineStatuses, lineKind } from '../store/line-statuses';
import type { CustomerRecord, OrderRecord, OrderSnapshot, ProjectState } from '../store/mindbox.entities';
import { sum } from '../store/money';
import { priceOrder, PricedOrder } from '../store/pricing';
import {
  addCustomer,
  createOrder,
  findCoupon,
  findCustomer,
  findOrder,
  promotionsFor,
  setOrderIds,
} from '../store/project-state';
import { MindboxProtocolFailure, MindboxValidationFailure } from '../store/simulator-errors';
import {
  OrderOperationInput,
  readCancellation,
  readLineStatusUpdate,
  readOrderOperation,
  readTransactionRef,
} from './order-payload';
import { orderJson } from './order-json';
import { commitOpenTransaction, openTransaction } from './order-transaction';

/**
 * Order processing with explicit transactions (reference §4.5): calculate is a preview; begin
 * reserves points and holds codes; commit spends the points and uses the codes; rollback lets
 * them go; line status changes and cancellation give back what leaves the order.
 */
@Injectable()
export class OrdersService {
  calculate(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const input = readOrderOperation(body, state.settings, 'calculate');
    const order = findOrder(state, input.orderIds);
    const found = input.customer && findCustomer(state, input.customer.ids);
    const customer = found ?? this.customerOf(state, order);
    const priced = this.price(state, input, order, customer, now);
    const answer: JsonObject = {};
    if (input.customer) answer.customer = this.customerNode(state, found, found ? 'Found' : 'NotFound');
    answer.order = orderJson(priced, {
      processingStatus: 'Calculated',
      ids: order ? { mindboxId: order.mindboxId, ...order.ids } : undefined,
      balanceType: state.settings.balanceType,
      splitLines: state.settings.splitLines,
      balance: customer?.balance,
    });
    return { body: success(answer) };
  }

  beginTransaction(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const input = readOrderOperation(body, state.settings, 'begin');
    const externalId = input.transactionExternalId as string;
    let order = findOrder(state, input.orderIds);
    const found = input.customer && findCustomer(state, input.customer.ids);
    if (order?.customerMindboxId !== undefined && found && found.mindboxId !== order.customerMindboxId) {
      throw MindboxValidationFailure.at('/customer', 'Заказ оформлен на другого клиента.');
    }
    const owner = state.transactions.get(externalId);
    if (owner !== undefined && (owner !== order?.mindboxId || order.closedTransactions.has(externalId))) {
      throw MindboxValidationFailure.at(
        '/order/transaction/ids/externalId',
        'Транзакция с таким идентификатором уже была.',
      );
    }
    const customer = found ?? this.customerOf(state, order);
    const priced = this.price(state, input, order, customer, now);
    if (input.totalPrice !== undefined && input.totalPrice !== priced.totalPrice) {
      // Begin "fixes the discounts"; a price other than the calculated one means they changed (reference §4.4).
      return {
        body: success({
          order: orderJson(priced, {
            processingStatus: 'PriceHasBeenChanged',
            statusDescription: `Сумма заказа изменилась: ${input.totalPrice / 100} -> ${priced.totalPrice / 100}.`,
            balanceType: state.settings.balanceType,
            splitLines: state.settings.splitLines,
            balance: customer?.balance,
          }),
        }),
        repeatable: true,
      };
    }

    let customerStatus: CustomerProcessingStatus = 'Found';
    let buyer = customer;
    if (!buyer && input.customer) {
      const { mindboxId: _unknown, ...externalIds } = input.customer.ids;
      if (Object.keys(externalIds).length === 0)
        throw MindboxValidationFailure.at('/customer/ids', 'Клиент не найден.');
      buyer = addCustomer(
        state,
        { ids: externalIds, profile: patchProfile({}, input.customer.profile) },
        now,
      );
      customerStatus = 'Created';
    }
    if (order) setOrderIds(state, order, input.orderIds);
    else order = createOrder(state, input.orderIds, now);
    order.customerMindboxId = buyer?.mindboxId;
    order.pointOfContact = input.pointOfContact ?? order.pointOfContact;
    if (order.pending) {
      const previous = order.pending.externalId;
      this.rollbackPending(state, order);
      if (previous === externalId) order.closedTransactions.delete(externalId);
    }

    openTransaction(state, order, buyer, priced, externalId, now);

    const answer: JsonObject = {};
    if (buyer) answer.customer = this.customerNode(state, buyer, customerStatus);
    answer.order = {
      ...orderJson(priced, {
        processingStatus: 'Processed',
        ids: { mindboxId: order.mindboxId, ...order.ids },
        balanceType: state.settings.balanceType,
        splitLines: state.settings.splitLines,
        balance: buyer?.balance,
      }),
      transaction: { ids: { externalId } },
    };
    return { body: success(answer) };
  }

  commitTransaction(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const { order, externalId } = this.transactionOrder(state, body);
    const closed = order.closedTransactions.get(externalId);
    if (closed === 'rolledBack') {
      throw MindboxValidationFailure.at('/order/transaction/ids/externalId', 'Транзакция уже отменена.');
    }
    if (closed === undefined && order.pending?.externalId === externalId) {
      commitOpenTransaction(state, order, this.customerOf(state, order), now);
    }
    // A commit of an already committed transaction changes nothing and answers the same.
    return {
      body: success({
        order: { processingStatus: 'Processed', ids: { mindboxId: order.mindboxId, ...order.ids } },
      }),
    };
  }

  rollbackTransaction(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const { order, externalId } = this.transactionOrder(state, body);
    const closed = order.closedTransactions.get(externalId);
    if (closed === 'committed') {
      throw MindboxValidationFailure.at('/order/transaction/ids/externalId', 'Транзакция уже подтверждена.');
    }
    if (closed === undefined && order.pending?.externalId === externalId) {
      this.rollbackPending(state, order);
      order.changedAt = now.toISOString();
    }
    return { body: success() };
  }

  updateLineStatuses(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const update = readLineStatusUpdate(body, state.settings);
    const order = this.existingOrder(state, update.orderIds);
    if (order.committed && order.pending) {
      // Points of the open edit were reserved against the committed state; changing that state
      // under it would leave them out of step. Commit or roll back first.
      throw MindboxValidationFailure.at('/order', 'У заказа есть незавершённая транзакция.');
    }
    const target = order.committed ?? order.pending?.snapshot;
    if (!target) throw new MindboxProtocolFailure(400, 'Заказ не найден.');
    const changes = update.orderLinesStatus
      ? target.lines.map((line) => ({
          lineNumber: line.lineNumber,
          status: update.orderLinesStatus as string,
        }))
      : update.changes;
    const result = changeLineStatuses(target.lines, changes, state.settings.lineStatuses);
    const snapshot = this.withLines(state, target, result.lines, result.freedPoints);
    const customer = this.customerOf(state, order);
    if (order.committed) {
      order.committed = snapshot;
      if (customer && result.freedPoints > 0)
        customer.balance = refundPoints(customer.balance, result.freedPoints);
    } else if (order.pending) {
      order.pending = { ...order.pending, snapshot, reserved: order.pending.reserved - result.freedPoints };
      if (customer && result.freedPoints > 0)
        customer.balance = releasePoints(customer.balance, result.freedPoints);
    }
    if (snapshot.lines.every((line) => lineKind(line.status, state.settings.lineStatuses) !== 'active')) {
      this.cancelWhole(state, order);
    }
    order.changedAt = now.toISOString();
    return { body: success() };
  }

  /** Cancels the whole order: open transaction rolled back, points of the committed one given back, codes released. */
  cancelOrder(state: ProjectState, body: unknown, now: Date): BehaviourResult {
    const request = readCancellation(body, state.settings);
    const order = this.existingOrder(state, request.orderIds);
    const status = request.status ?? state.settings.lineStatuses.cancelled[0] ?? 'Cancelled';
    if (order.committed) {
      const result = changeLineStatuses(
        order.committed.lines,
        order.committed.lines.map((line) => ({ lineNumber: line.lineNumber, status })),
        state.settings.lineStatuses,
      );
      const customer = this.customerOf(state, order);
      if (customer && result.freedPoints > 0)
        customer.balance = refundPoints(customer.balance, result.freedPoints);
      order.committed = this.withLines(state, order.committed, result.lines, result.freedPoints);
    }
    this.cancelWhole(state, order);
    order.changedAt = now.toISOString();
    return { body: success() };
  }

  private price(
    state: ProjectState,
    input: OrderOperationInput,
    order: OrderRecord | undefined,
    customer: CustomerRecord | undefined,
    now: Date,
  ): PricedOrder {
    const coupons = input.couponCodes.map((code) => {
      const found = findCoupon(state, code);
      const verdict = couponStatusFor(found?.coupon, found?.pool, order?.mindboxId, now);
      return { code: found?.coupon.code ?? code, pool: found?.pool, ...verdict };
    });
    // Points this order already spends or holds are its own to spend again.
    const own = (order?.committed?.spentPoints ?? 0) + (order?.pending?.reserved ?? 0);
    return priceOrder({
      lines: input.lines,
      deliveryCost: input.deliveryCost,
      orderDiscounts: input.orderDiscounts,
      promotions: promotionsFor(state, order),
      coupons,
      pointsRequested: input.pointsRequested,
      balance: customer
        ? { available: customer.balance.available + own, maxShare: state.settings.maxPointsShare }
        : undefined,
    });
  }

  private customerOf(state: ProjectState, order: OrderRecord | undefined): CustomerRecord | undefined {
    return order?.customerMindboxId === undefined ? undefined : state.customers.get(order.customerMindboxId);
  }

  private customerNode(
    state: ProjectState,
    customer: CustomerRecord | undefined,
    status: CustomerProcessingStatus,
  ): JsonObject {
    const node = customerJson(customer, status);
    if (customer) node.balances = balancesJson(customer.balance, state.settings.balanceType);
    return node;
  }

  private transactionOrder(state: ProjectState, body: unknown): { order: OrderRecord; externalId: string } {
    const ref = readTransactionRef(body, state.settings);
    const mindboxId = state.transactions.get(ref.externalId);
    const order = mindboxId === undefined ? undefined : state.orders.get(mindboxId);
    if (!order)
      throw MindboxValidationFailure.at('/order/transaction/ids/externalId', 'Транзакция не найдена.');
    const named = findOrder(state, ref.orderIds);
    if (named && named !== order) {
      throw MindboxValidationFailure.at('/order/ids', 'Транзакция относится к другому заказу.');
    }
    // Ids first seen here (say the shop's own id after a temporary one) join the order.
    setOrderIds(state, order, ref.orderIds);
    return { order, externalId: ref.externalId };
  }

  /** A status change for an order Mindbox never saw is a 400 (reference §4.6). */
  private existingOrder(state: ProjectState, ids: Record<string, string>): OrderRecord {
    const order = findOrder(state, ids);
    if (!order) throw new MindboxProtocolFailure(400, 'Заказ не найден.');
    return order;
  }

  private rollbackPending(state: ProjectState, order: OrderRecord): void {
    const pending = order.pending;
    if (!pending) return;
    const customer = this.customerOf(state, order);
    if (customer && pending.reserved > 0)
      customer.balance = releasePoints(customer.balance, pending.reserved);
    for (const code of pending.snapshot.couponCodes) {
      const coupon = findCoupon(state, code)?.coupon;
      if (coupon) unholdCoupon(coupon, order.mindboxId);
    }
    order.closedTransactions.set(pending.externalId, 'rolledBack');
    order.pending = undefined;
  }

  private cancelWhole(state: ProjectState, order: OrderRecord): void {
    this.rollbackPending(state, order);
    for (const code of order.committed?.couponCodes ?? []) {
      const coupon = findCoupon(state, code)?.coupon;
      if (coupon) releaseCoupon(coupon, order.mindboxId);
    }
    order.cancelled = true;
  }

  private withLines(
    state: ProjectState,
    snapshot: OrderSnapshot,
    lines: OrderSnapshot['lines'],
    freed: number,
  ): OrderSnapshot {
    const active = lines.filter((line) => lineKind(line.status, state.settings.lineStatuses) === 'active');
    return {
      ...snapshot,
      lines,
      spentPoints: snapshot.spentPoints - freed,
      totalPrice: sum(active.map((line) => line.discountedPriceOfLine)) + snapshot.deliveryCost,
    };
  }
}
