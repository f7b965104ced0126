import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isRetryable } from '@app/messaging';
import {
  MindboxAuthError,
  MindboxError,
  MindboxNotFoundError,
  MindboxOrderCalculation,
  MindboxValidationError,
  parseOrderCalculation,
} from '@app/mindbox';
import { Order, RetailCrmError, RetailCrmNotFoundError } from '@app/retailcrm';
import { OrderAccount, OrderAccountsService } from '../accounts/order-accounts.service';
import { describeFailure } from '../journal/failure-text';
import type { JournalCause, JournalOperation, JournalOutcome } from '../journal/order-journal-entry.entity';
import { NewJournalEntry, OrderJournalRepository } from '../journal/order-journal.repository';
import {
  hashOf,
  lineStatusesOf,
  mapOrder,
  MappedOrder,
  OrderMappingOptions,
  orderIdsOf,
  writeBackOf,
} from '../mapping/order-mapping';
import { OrderProcessingMetrics } from '../metrics/order-processing.metrics';
import { OrderCardIntentsRepository } from '../order-card/order-card-intents.repository';
import { OrderProcessingConfig } from '../order-processing.config';
import { OrderRule, ruleFor } from '../status-rules/status-rules';
import { OrderStateEntity, OrderStep } from './order-state.entity';
import { OrderStatePatch, OrderStateRepository } from './order-state.repository';

/** The delivery a message came with: its transaction and how often it failed before. */
export interface Delivery {
  em: EntityManager;
  messageId: string;
  retryCount: number;
}

/** One order to run through the rules, whatever message asked for it. */
export interface OrderRequest {
  accountId: string;
  orderId: number;
  cause: JournalCause;
  /** The order as read from the CRM and when; absent: read now. */
  snapshot?: { order: Order; fetchedAt: Date };
  /** Run even when the order equals what was last applied (a retry from the journal). */
  force?: boolean;
}

/** How one order change ended. */
export type OrderResult =
  'synced' | 'unchanged' | 'rejected' | 'stale' | 'no-rule' | 'other-site' | 'gone' | 'no-account';

/** Everything one run of one order needs. */
interface Run {
  account: OrderAccount;
  request: OrderRequest;
  delivery: Delivery;
  order: Order;
  /** When the order was read: saved with the run's last state change, it makes older reads stale. */
  fetchedAt: Date;
  state: OrderStateEntity;
  /** The run's last state change was saved (with `snapshotAt`). */
  finished: boolean;
  /** How the order was mapped for Mindbox in this run, and the hash of that body. */
  mapped?: { options: OrderMappingOptions; hash: string };
}

/**
 * Runs one CRM order through the status rules of the Orders tab (see README.md): calculate;
 * begin + commit (with or without RetailCRM's own discount); line statuses; cancellation. Every
 * Mindbox call's `transactionId`, and the order transaction's id, are written to the order's
 * state row (on its own connection) before the call and reused by every retry, redelivery or
 * restart; the state row says how far the order got, so an interrupted transaction is finished or
 * rolled back. Runs of one order are serialised by an advisory lock in the message's transaction.
 */
@Injectable()
export class OrderProcessingService {
  private readonly logger = new Logger(OrderProcessingService.name);

  constructor(
    private readonly accounts: OrderAccountsService,
    private readonly states: OrderStateRepository,
    private readonly journal: OrderJournalRepository,
    private readonly intents: OrderCardIntentsRepository,
    private readonly metrics: OrderProcessingMetrics,
    private readonly config: OrderProcessingConfig,
  ) {}

  /** Handles one message's order; throws what the transport should retry or park. */
  async handle(request: OrderRequest, delivery: Delivery): Promise<OrderResult> {
    let outcome: { result: OrderResult; rule: OrderRule | 'unknown' };
    try {
      outcome = await this.process(request, delivery);
    } catch (error) {
      await this.recordGivingUp(request, delivery, error);
      throw error;
    }
    this.metrics.orders.inc({ rule: outcome.rule, outcome: outcome.result });
    if (request.snapshot && (outcome.result === 'synced' || outcome.result === 'unchanged')) {
      this.metrics.changeLatency.observe(
        { rule: outcome.rule },
        (Date.now() - request.snapshot.fetchedAt.getTime()) / 1000,
      );
    }
    return outcome.result;
  }

  private async process(
    request: OrderRequest,
    delivery: Delivery,
  ): Promise<{ result: OrderResult; rule: OrderRule | 'unknown' }> {
    const { accountId, orderId } = request;
    const lookup = await this.accounts.get(accountId);
    if ('missing' in lookup) {
      this.logger.warn(`order ${orderId} not processed: ${lookup.missing}`);
      return { result: 'no-account', rule: 'unknown' };
    }
    const { account } = lookup;
    await this.states.lock(delivery.em, accountId, orderId);
    const state = await this.states.find(accountId, orderId);
    const snapshot = request.snapshot;
    if (snapshot && state.snapshotAt && snapshot.fetchedAt <= state.snapshotAt) {
      // A newer read of the order was processed already.
      return { result: 'stale', rule: 'unknown' };
    }
    const read = snapshot ?? (await this.read(account, request, delivery));
    if (!read) return { result: 'gone', rule: 'unknown' };
    const { order, fetchedAt } = read;
    if (account.sites.length > 0 && order.site && !account.sites.includes(order.site)) {
      return { result: 'other-site', rule: 'none' };
    }
    const reference = await this.accounts.statusReference(account);
    const rule = ruleFor(order, account.mapping.conditions, reference.cancelStatuses);
    const run: Run = { account, request, delivery, order, fetchedAt, state, finished: false };
    let result: OrderResult;
    try {
      switch (rule) {
        case 'calculate':
          result = await this.calculate(run);
          break;
        case 'transaction':
        case 'transaction-with-discount':
          result = await this.transaction(run, rule === 'transaction-with-discount');
          break;
        case 'line-status':
          result = await this.lineStatus(run);
          break;
        case 'cancel':
          result = await this.cancel(run, reference.cancelItemStatuses);
          break;
        default:
          // An order the rules do not name: only an interrupted transaction is closed.
          await this.closeOpenTransaction(run);
          result = 'no-rule';
          if (request.cause === 'retry') {
            await this.note(run, 'sync', 'skipped', {
              error: `No rule of the "Orders" tab applies to status "${order.status}" and order method "${order.orderMethod}".`,
            });
          }
      }
    } catch (error) {
      if (!isRejection(error)) throw error;
      await this.reject(run, error);
      result = 'rejected';
    }
    // An order no rule ever applied to needs no state row.
    if (!run.finished && !(result === 'no-rule' && state.stage === 'new')) await this.finish(run, {});
    return { result, rule };
  }

  /** Reads the order from the CRM; null (journalled) when the CRM no longer has it. */
  private async read(
    account: OrderAccount,
    request: OrderRequest,
    delivery: Delivery,
  ): Promise<{ order: Order; fetchedAt: Date } | null> {
    const fetchedAt = new Date();
    try {
      this.metrics.crmCalls.inc({ kind: 'get' });
      return { order: await account.crm.orders.get(request.orderId), fetchedAt };
    } catch (error) {
      if (!(error instanceof RetailCrmNotFoundError)) throw error;
      await this.journal.add(
        {
          accountId: request.accountId,
          crmId: request.orderId,
          operation: 'sync',
          outcome: 'skipped',
          cause: request.cause,
          messageId: delivery.messageId,
          error: 'RetailCRM no longer has this order.',
        },
        delivery.em,
      );
      return null;
    }
  }

  // ---- rules ---------------------------------------------------------------------------------

  /** "Calculate" statuses: the calculate operation, its prices written back. */
  private async calculate(run: Run): Promise<OrderResult> {
    const operation = this.operation(run, 'calculate');
    await this.closeOpenTransaction(run);
    const mapped = await this.map(run, false);
    const applied = hashOf(['calculate', mapped.hash]);
    if (!run.request.force && run.state.appliedHash === applied) return 'unchanged';
    const calculation = await this.price(run, operation, mapped, true);
    const stage =
      run.state.stage === 'new' || run.state.stage === 'rolled-back' ? 'calculated' : run.state.stage;
    const wrote = await this.writeBack(run, calculation, applied, { stage });
    await this.finish(run, { stage, appliedHash: applied, step: null, stepCallId: null, stepHash: null });
    await this.note(run, 'calculate', 'synced', {
      mindboxOperation: operation,
      mindboxId: calculation?.ids.mindboxId ?? null,
      error: wrote,
    });
    return 'synced';
  }

  /**
   * "Begin + commit" statuses: begin the order transaction (reserving points and codes), commit
   * it, write the prices back. An open transaction with the same content is finished; one with
   * other content is rolled back first; a refused commit is rolled back.
   */
  private async transaction(run: Run, withCrmDiscount: boolean): Promise<OrderResult> {
    const begin = this.operation(run, 'beginTransaction');
    this.operation(run, 'commitTransaction');
    const mapped = await this.map(run, withCrmDiscount);
    const applied = hashOf(['transaction', mapped.hash]);
    const { state } = run;

    if (state.transactionHash === mapped.hash && (state.stage === 'begun' || state.stage === 'committing')) {
      // Interrupted between begin and commit: finish it.
      await this.commit(run);
      const calculation = await this.priceAfterCommit(run, mapped);
      return this.finishTransaction(run, applied, begin, calculation);
    }
    if (state.stage === 'committed' && state.step === 'write-back' && state.stepHash === applied) {
      // Mindbox has this content committed; only the write-back failed: redo just that.
      const calculation = await this.priceAfterCommit(run, mapped);
      return this.finishTransaction(run, applied, begin, calculation);
    }
    if (!run.request.force && state.stage === 'committed' && state.appliedHash === applied)
      return 'unchanged';
    if (!(state.stage === 'beginning' && state.transactionHash === mapped.hash)) {
      await this.closeOpenTransaction(run);
    }

    const resuming = state.stage === 'beginning' && state.transactionHash === mapped.hash;
    const transactionId =
      resuming && state.transactionExternalId ? state.transactionExternalId : randomUUID();
    const wasCommitted = state.committedAt !== null;
    const body = {
      ...mapped.body,
      order: { ...mapped.body.order, transaction: { ids: { externalId: transactionId } } },
    };
    let answer;
    try {
      answer = await this.call(run, 'begin', begin, body, mapped.hash, {
        stage: 'beginning',
        transactionExternalId: transactionId,
        transactionHash: mapped.hash,
      });
    } catch (error) {
      if (isRejection(error)) {
        // Nothing was reserved: Mindbox holds what it held before.
        await this.states.save(state, {
          stage: wasCommitted ? 'committed' : 'rolled-back',
          step: null,
          stepCallId: null,
        });
      }
      throw error;
    }
    let calculation = answer.alreadyProcessed ? undefined : parseOrderCalculation(answer.body);
    if (calculation?.processingStatus === 'PriceHasBeenChanged') {
      await this.states.save(state, { stage: wasCommitted ? 'committed' : 'rolled-back', step: null });
      throw new PriceChangedError(calculation.statusDescription);
    }
    // Begun: no state write of its own. A crash from here on finds `beginning` with the same
    // content, resends begin with the same ids (already processed) and commits.
    await this.commit(run);
    calculation ??= await this.priceAfterCommit(run, mapped);
    return this.finishTransaction(run, applied, begin, calculation);
  }

  private async finishTransaction(
    run: Run,
    applied: string,
    operation: string,
    calculation: MindboxOrderCalculation | undefined,
  ): Promise<OrderResult> {
    const committed: OrderStatePatch = { stage: 'committed', committedAt: new Date() };
    const wrote = await this.writeBack(run, calculation, applied, committed);
    await this.finish(run, {
      ...committed,
      appliedHash: applied,
      step: null,
      stepCallId: null,
      stepHash: null,
    });
    await this.note(run, 'transaction', 'synced', {
      mindboxOperation: operation,
      mindboxId: calculation?.ids.mindboxId ?? null,
      error: wrote,
    });
    return 'synced';
  }

  /** Commits the begun transaction; a refused commit is rolled back and reported. The caller saves `committed`. */
  private async commit(run: Run): Promise<void> {
    const { state } = run;
    const operation = this.operation(run, 'commitTransaction');
    try {
      await this.call(run, 'commit', operation, this.transactionBody(run), state.transactionHash ?? '', {
        stage: 'committing',
      });
    } catch (error) {
      if (!isRejection(error)) throw error;
      await this.rollback(run);
      throw error;
    }
    // Committed: saved with the next state change (a crash before it commits again, same ids).
  }

  /** Rolls back the order's open transaction, if any: what it reserved is released. */
  private async closeOpenTransaction(run: Run): Promise<void> {
    const { stage } = run.state;
    if (stage === 'beginning' || stage === 'begun' || stage === 'committing' || stage === 'rolling-back') {
      await this.rollback(run);
      await this.note(run, 'rollback', 'synced', {
        mindboxOperation: run.account.operations.rollbackTransaction ?? null,
        error: 'An order transaction left open was rolled back.',
      });
    }
  }

  private async rollback(run: Run): Promise<void> {
    const { state } = run;
    const operation = this.operation(run, 'rollbackTransaction');
    const wasCommitted = state.committedAt !== null;
    try {
      await this.call(run, 'rollback', operation, this.transactionBody(run), state.transactionHash ?? '', {
        stage: 'rolling-back',
      });
    } catch (error) {
      // A transaction Mindbox never began, or closed already: nothing is held under it.
      if (!(error instanceof MindboxValidationError)) throw error;
    }
    await this.states.save(state, {
      stage: wasCommitted ? 'committed' : 'rolled-back',
      step: null,
      stepCallId: null,
    });
  }

  /** "Line status" statuses: each mapped item status sent with the line-status operation. */
  private async lineStatus(run: Run): Promise<OrderResult> {
    const operation = this.operation(run, 'updateLineStatus');
    await this.closeOpenTransaction(run);
    const lines = lineStatusesOf(run.order, run.account.mapping);
    if (lines.length === 0) {
      if (run.request.cause === 'retry') {
        await this.note(run, 'line-status', 'skipped', {
          error: 'No item status of the order is mapped in the "Products" tab.',
        });
      }
      return 'no-rule';
    }
    const body = { order: { ids: orderIdsOf(run.order, run.account.mapping), lines } };
    const applied = hashOf(['line-status', body]);
    if (!run.request.force && run.state.appliedHash === applied) return 'unchanged';
    await this.call(run, 'line-status', operation, body, applied);
    await this.finish(run, { appliedHash: applied, step: null, stepCallId: null });
    await this.note(run, 'line-status', 'synced', { mindboxOperation: operation });
    return 'synced';
  }

  /**
   * Cancellation: an open transaction is rolled back; a committed order gets the cancelled line
   * status on every line, so Mindbox gives back its points and releases its codes.
   */
  private async cancel(run: Run, cancelItemStatuses: string[]): Promise<OrderResult> {
    const { state } = run;
    const applied = hashOf(['cancel']);
    if (!run.request.force && state.stage === 'cancelled' && state.appliedHash === applied)
      return 'unchanged';
    const open = ['beginning', 'begun', 'committing', 'rolling-back'].includes(state.stage);
    if (open) await this.rollback(run);
    if (state.committedAt === null) {
      if (!open) return 'no-rule';
      await this.finish(run, { stage: 'cancelled', appliedHash: applied });
      await this.note(run, 'cancel', 'synced', {
        mindboxOperation: run.account.operations.rollbackTransaction ?? null,
        error: 'The open transaction was rolled back; its points and codes are released.',
      });
      return 'synced';
    }
    const operation = this.operation(run, 'updateLineStatus');
    const statusMap = run.account.mapping.statusMap;
    const cancelled = cancelItemStatuses.map((status) => statusMap[status]).find(Boolean);
    if (!cancelled) {
      await this.note(run, 'cancel', 'rejected', {
        error:
          'The order is cancelled in RetailCRM, but no cancelling item status ("Отказ клиента", "Нет в наличии", ...) is mapped to a Mindbox status in the "Products" tab, so Mindbox still holds its points and codes.',
      });
      return 'rejected';
    }
    const body = { orderLinesStatus: cancelled, order: { ids: orderIdsOf(run.order, run.account.mapping) } };
    await this.call(run, 'cancel', operation, body, applied);
    await this.finish(run, {
      stage: 'cancelled',
      committedAt: null,
      appliedHash: applied,
      step: null,
      stepCallId: null,
    });
    await this.note(run, 'cancel', 'synced', { mindboxOperation: operation });
    return 'synced';
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async map(run: Run, withCrmDiscount: boolean): Promise<MappedOrder> {
    const points = await this.intents.pointsToSpend(run.account.accountId, run.order.id);
    const options: OrderMappingOptions = { withCrmDiscount, pointsToSpend: points };
    const mapped = mapOrder(run.order, run.account.mapping, options);
    run.mapped = { options, hash: mapped.hash };
    return mapped;
  }

  /**
   * Calculates the order for its prices. A stored call id is sent; when Mindbox answers that it
   * processed that id already (the answer then lacks the prices), the preview is asked again
   * without one: calculate changes nothing.
   */
  private async price(
    run: Run,
    operation: string,
    mapped: MappedOrder,
    store: boolean,
  ): Promise<MindboxOrderCalculation | undefined> {
    if (store) {
      const answer = await this.call(run, 'calculate', operation, mapped.body, mapped.hash);
      if (!answer.alreadyProcessed) return parseOrderCalculation(answer.body);
    }
    this.metrics.mindboxCalls.inc({ step: 'calculate' });
    const again = await run.account.mindbox.sync(operation, mapped.body, { transactionId: false });
    return parseOrderCalculation(again.body);
  }

  /** The committed order's prices, by a calculate without a transactionId; none when the tab names no calculate operation. */
  private async priceAfterCommit(
    run: Run,
    mapped: MappedOrder,
  ): Promise<MindboxOrderCalculation | undefined> {
    const operation = this.operation(run, 'calculate', false);
    return operation ? this.price(run, operation, mapped, false) : undefined;
  }

  /** One Mindbox call whose `transactionId` is stored before it and reused while the step and body stay. */
  private async call(
    run: Run,
    step: OrderStep,
    operation: string,
    body: object,
    bodyHash: string,
    patch: OrderStatePatch = {},
  ) {
    const { state } = run;
    const callId =
      state.step === step && state.stepHash === bodyHash && state.stepCallId
        ? state.stepCallId
        : randomUUID();
    await this.states.save(state, { ...patch, step, stepCallId: callId, stepHash: bodyHash });
    this.metrics.mindboxCalls.inc({ step });
    return run.account.mindbox.sync(operation, body, { transactionId: callId });
  }

  private transactionBody(run: Run): object {
    return {
      order: {
        ids: orderIdsOf(run.order, run.account.mapping),
        transaction: { ids: { externalId: run.state.transactionExternalId } },
      },
    };
  }

  /**
   * Writes Mindbox's prices back into the CRM order (`orders/{id}/edit`, `by=id`), unless they
   * change nothing. Returns a note for the journal when the CRM refused it (the Mindbox side
   * stays done).
   */
  private async writeBack(
    run: Run,
    calculation: MindboxOrderCalculation | undefined,
    applied: string,
    patch: OrderStatePatch,
  ): Promise<string | null> {
    if (!calculation || !writeBackOf(run.order, calculation, run.account.mapping)) return null;
    // Marked before the edit: a run that fails after Mindbox's part redoes the write-back.
    await this.states.save(run.state, { ...patch, step: 'write-back', stepCallId: null, stepHash: applied });
    try {
      // The edit must name every item (the CRM drops those left out), so it is built on the order
      // as it is now, not as the message carried it: an item a manager added since would be lost.
      this.metrics.crmCalls.inc({ kind: 'get' });
      const current = await run.account.crm.orders.get(run.order.id);
      const { mapping } = run.account;
      if (run.mapped && mapOrder(current, mapping, run.mapped.options).hash !== run.mapped.hash) {
        // Changed for Mindbox since it was read: its own history record brings it back, and that
        // run writes the prices of the new content.
        return 'The order changed in RetailCRM meanwhile; the prices are written back by its next run.';
      }
      const change = writeBackOf(current, calculation, mapping);
      if (!change) return null;
      this.metrics.crmCalls.inc({ kind: 'edit' });
      await run.account.crm.orders.edit(run.order.id, change.input, run.order.site);
      return null;
    } catch (error) {
      if (!(error instanceof RetailCrmError) || error.retryable) throw error;
      const text = describeFailure(error).text;
      await this.note(run, 'write-back', 'warning', { error: text });
      return `Mindbox's prices were not written back: ${text}`;
    }
  }

  /** The operation named in the Orders tab; a missing one stops the rule with a journal entry. */
  private operation(run: Run, key: keyof OrderAccount['operations']): string;
  private operation(run: Run, key: keyof OrderAccount['operations'], required: false): string | undefined;
  private operation(run: Run, key: keyof OrderAccount['operations'], required = true): string | undefined {
    const name = run.account.operations[key]?.trim();
    if (!name && required) throw new MissingOperationError(key);
    return name || undefined;
  }

  private async reject(run: Run, error: unknown): Promise<void> {
    const failure = describeFailure(error);
    await this.finish(run, { lastError: failure.text });
    await this.note(run, 'sync', 'rejected', {
      mindboxOperation: error instanceof MindboxError ? error.operation : null,
      error: failure.text,
      problems: failure.problems ?? null,
    });
  }

  /** The run's last state change, saved with when the order was read. */
  private async finish(run: Run, patch: OrderStatePatch): Promise<void> {
    await this.states.save(run.state, { lastError: null, ...patch, snapshotAt: run.fetchedAt });
    run.finished = true;
  }

  /** A journal row in the message's transaction. */
  private async note(
    run: Run,
    operation: JournalOperation,
    outcome: JournalOutcome,
    extra: Partial<NewJournalEntry> = {},
  ): Promise<void> {
    await this.journal.add(
      {
        accountId: run.request.accountId,
        crmId: run.request.orderId,
        operation,
        outcome,
        cause: run.request.cause,
        messageId: run.delivery.messageId,
        ...extra,
      },
      run.delivery.em,
    );
  }

  /**
   * When the transport will park the message (a failure no retry helps, or the last retry),
   * journal it on its own connection (the message's transaction rolls back). Retries in between
   * leave no row.
   */
  private async recordGivingUp(request: OrderRequest, delivery: Delivery, error: unknown): Promise<void> {
    const retrying = isRetryable(error) && delivery.retryCount < this.config.retryDelaysMs.length;
    if (retrying) return;
    const failure = describeFailure(error);
    try {
      await this.journal.add({
        accountId: request.accountId,
        crmId: request.orderId,
        operation: 'sync',
        outcome: failure.retryable ? 'parked' : 'failed',
        cause: request.cause,
        messageId: delivery.messageId,
        mindboxOperation: error instanceof MindboxError ? error.operation : null,
        error: failure.text,
        retryable: failure.retryable,
      });
    } catch (journalError) {
      this.logger.error(`could not journal a failed order: ${(journalError as Error).message}`);
    }
    this.metrics.orders.inc({ rule: 'unknown', outcome: failure.retryable ? 'parked' : 'failed' });
  }
}

/** Mindbox refused the order itself (not the account's settings): journalled, never retried. */
function isRejection(error: unknown): boolean {
  if (error instanceof MissingOperationError || error instanceof PriceChangedError) return true;
  if (!(error instanceof MindboxError) || error.retryable) return false;
  return !(error instanceof MindboxAuthError || error instanceof MindboxNotFoundError);
}

/** The Orders tab names no operation for a step a rule needs. */
export class MissingOperationError extends Error {
  readonly retryable = false;
  constructor(readonly key: string) {
    super(`The "Orders" tab names no Mindbox operation for "${key}".`);
    this.name = 'MissingOperationError';
  }
}

/** Begin answered `PriceHasBeenChanged`: nothing was reserved. */
export class PriceChangedError extends Error {
  readonly retryable = false;
  constructor(description?: string) {
    super(`Mindbox says the order's prices changed${description ? `: ${description}` : ''}.`);
    this.name = 'PriceChangedError';
  }
}
