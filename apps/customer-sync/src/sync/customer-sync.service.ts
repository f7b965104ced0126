import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isRetryable } from '@app/messaging';
import {
  MindboxAuthError,
  MindboxClient,
  MindboxCustomerLookup,
  MindboxNotFoundError,
  MindboxValidationError,
  parseCustomer,
  parseCustomerLookup,
} from '@app/mindbox';
import { Customer, RetailCrmAuthError, RetailCrmNotFoundError } from '@app/retailcrm';
import { SyncAccount, SyncAccountsService } from '../accounts/sync-accounts.service';
import { CustomerSyncConfig } from '../customer-sync.config';
import { FullLoadRepository } from '../full-load/full-load.repository';
import { describeFailure } from '../journal/failure-text';
import type { JournalCause, JournalOperation, JournalOutcome } from '../journal/journal-entry.entity';
import { JournalRepository, NewJournalEntry } from '../journal/journal.repository';
import { customerIds, mapCustomer } from '../mapping/customer-mapping';
import { clearableFieldsOf } from '../mapping/mapped-fields';
import { CustomerSyncMetrics } from '../metrics/customer-sync.metrics';
import { CustomerLinkEntity } from './customer-link.entity';
import { CustomerLinkRepository } from './customer-link.repository';
import { stepTransactionId } from './transaction-ids';

/** The delivery a message came with: its transaction and how often it failed before. */
export interface Delivery {
  em: EntityManager;
  messageId: string;
  retryCount: number;
}

/** One customer to sync, whatever message asked for it. */
export interface CustomerSyncRequest {
  accountId: string;
  customerId: number;
  cause: JournalCause;
  /** History fields that changed, for clearing in Mindbox what the CRM emptied. */
  fields: string[];
  /** The customer as read from the CRM and when; absent: read now. */
  snapshot?: { customer: Customer; fetchedAt: Date };
  /**
   * Send even when the data equals what was last sent: a retry from the journal, a full load
   * (asked for because Mindbox may lack what was sent before).
   */
  force?: boolean;
  /** The full-load run whose progress counts this customer. */
  runId?: string;
}

/** How the sync of one customer ended. */
export type SyncResult =
  'synced' | 'rejected' | 'unchanged' | 'stale' | 'no-orders' | 'other-site' | 'gone' | 'no-account';

// Ends that count as a customer of a full load handled.
const HANDLED: ReadonlySet<SyncResult> = new Set([
  'synced',
  'rejected',
  'unchanged',
  'stale',
  'no-orders',
  'other-site',
  'gone',
]);

/**
 * Brings one CRM customer into Mindbox with the operations named in the Customers tab:
 * "get existing" decides between "import" and "edit", "confirm mobile phone" follows when the CRM
 * has a phone Mindbox does not hold confirmed. The steps run inside the message's transaction,
 * under a per-customer lock, with transaction ids derived from the messageId, and end in the
 * customer's link row and a journal row. Mindbox validation errors end in the journal; other
 * failures are thrown for the transport's retry ladder, journalled when it gives up.
 */
@Injectable()
export class CustomerSyncService {
  private readonly logger = new Logger(CustomerSyncService.name);

  constructor(
    private readonly accounts: SyncAccountsService,
    private readonly links: CustomerLinkRepository,
    private readonly journal: JournalRepository,
    private readonly fullLoads: FullLoadRepository,
    private readonly metrics: CustomerSyncMetrics,
    private readonly config: CustomerSyncConfig,
  ) {}

  /** Handles one message's customer; throws what the transport should retry or park. */
  async handle(request: CustomerSyncRequest, delivery: Delivery): Promise<SyncResult> {
    let result: SyncResult;
    try {
      result = await this.sync(request, delivery);
    } catch (error) {
      await this.recordGivingUp(request, delivery, error);
      throw error;
    }
    this.metrics.customers.inc({ outcome: result, cause: request.cause });
    if (request.runId && HANDLED.has(result)) {
      await this.fullLoads.tally(
        request.accountId,
        request.runId,
        { processed: 1, rejected: result === 'rejected' ? 1 : 0 },
        delivery.em,
      );
    }
    return result;
  }

  private async sync(request: CustomerSyncRequest, delivery: Delivery): Promise<SyncResult> {
    const { accountId, customerId } = request;
    const lookup = await this.accounts.get(accountId);
    if ('missing' in lookup) {
      this.logger.warn(`customer ${customerId} not synced: ${lookup.missing}`);
      return 'no-account';
    }
    const { account } = lookup;
    const { em } = delivery;
    await this.links.lockCustomer(em, accountId, customerId);
    const link = await this.links.find(accountId, customerId, em);

    const snapshot = request.snapshot;
    if (snapshot && link?.snapshotAt && snapshot.fetchedAt <= link.snapshotAt) {
      // A newer read of the customer was sent already.
      return 'stale';
    }
    const read = snapshot ?? (await this.read(account, request, delivery));
    if (!read) return 'gone';
    const { customer, fetchedAt } = read;

    if (account.sites.length > 0 && customer.site && !account.sites.includes(customer.site)) {
      return 'other-site';
    }
    if (!account.syncWithoutOrders && !((customer.ordersCount ?? 0) > 0)) {
      if (request.cause === 'retry') {
        await this.note(delivery, request, 'sync', 'skipped', {
          error: 'The customer has no orders, and "sync customers without orders" is off.',
        });
      }
      return 'no-orders';
    }

    const field = account.mapping.mindboxIdCustomField;
    const crmMindboxId = field ? textOf(customer.customFields?.[field]) : null;
    const mapped = mapCustomer(customer, account.mapping);
    if (!request.force && link?.status === 'synced' && link.mindboxId && link.payloadHash === mapped.hash) {
      await this.links.recordUnchanged(em, accountId, customerId, fetchedAt, crmMindboxId);
      return 'unchanged';
    }

    this.metrics.snapshotAge.observe({ cause: request.cause }, (Date.now() - fetchedAt.getTime()) / 1000);
    let sent: Sent;
    try {
      sent = await this.send(account, customer, request, delivery, link);
    } catch (error) {
      if (!(error instanceof MindboxValidationError)) throw error;
      const failure = describeFailure(error);
      await this.note(
        delivery,
        request,
        error.operation === account.operations.edit ? 'edit' : 'import',
        'rejected',
        {
          mindboxOperation: error.operation,
          error: failure.text,
          problems: failure.problems ?? null,
        },
      );
      return 'rejected';
    }

    await this.confirmPhone(account, mapped.mobilePhone, sent, request, delivery);
    await this.links.recordSync(em, {
      accountId,
      customerId,
      mindboxId: sent.mindboxId,
      payloadHash: mapped.hash,
      snapshotAt: fetchedAt,
      crmMindboxId,
    });
    await this.note(delivery, request, sent.operation, 'synced', {
      mindboxOperation: sent.mindboxOperation,
      mindboxId: sent.mindboxId,
    });
    return 'synced';
  }

  /** Reads the customer from the CRM; null (journalled) when the CRM no longer has it. */
  private async read(
    account: SyncAccount,
    request: CustomerSyncRequest,
    delivery: Delivery,
  ): Promise<{ customer: Customer; fetchedAt: Date } | null> {
    const fetchedAt = new Date();
    try {
      return { customer: await account.crm.customers.get(request.customerId), fetchedAt };
    } catch (error) {
      if (!(error instanceof RetailCrmNotFoundError)) throw error;
      await this.note(delivery, request, 'sync', 'skipped', {
        error: 'RetailCRM no longer has this customer (deleted or merged).',
      });
      return null;
    }
  }

  /** Get existing, then edit or import. */
  private async send(
    account: SyncAccount,
    customer: Customer,
    request: CustomerSyncRequest,
    delivery: Delivery,
    link: CustomerLinkEntity | null,
  ): Promise<Sent> {
    const { mindbox, operations, mapping } = account;
    const ids = { customer: { ids: customerIds(customer.id, mapping) } };
    const existing = await this.lookUp(mindbox, operations.getExisting, ids);
    const transactionId = (step: string) => stepTransactionId(delivery.messageId, step, customer.id);

    if (existing.found) {
      // Clear in Mindbox only what this change emptied, and only for a customer synced before:
      // data Mindbox got elsewhere is not wiped by an empty CRM field.
      const clear = link ? clearableFieldsOf(request.fields) : new Set<never>();
      this.metrics.mindboxCalls.inc({ step: 'edit' });
      const edited = await mindbox.sync(operations.edit, mapCustomer(customer, mapping, clear).body, {
        transactionId: transactionId('edit'),
      });
      const answer = edited.alreadyProcessed ? undefined : parseCustomer(edited.body.customer);
      if (answer?.processingStatus !== 'NotFound') {
        const mindboxId = answer?.mindboxId ?? existing.customer?.mindboxId ?? null;
        return { operation: 'edit', mindboxOperation: operations.edit, mindboxId, existing };
      }
    }
    this.metrics.mindboxCalls.inc({ step: 'import' });
    const imported = await mindbox.sync(operations.import, mapCustomer(customer, mapping).body, {
      transactionId: transactionId('import'),
    });
    let mindboxId = imported.alreadyProcessed ? undefined : parseCustomer(imported.body.customer)?.mindboxId;
    // A repeated import answers TransactionAlreadyProcessed without the customer: ask again.
    mindboxId ??= (await this.lookUp(mindbox, operations.getExisting, ids)).customer?.mindboxId;
    return {
      operation: 'import',
      mindboxOperation: operations.import,
      mindboxId: mindboxId ?? null,
      existing,
    };
  }

  private async lookUp(
    mindbox: MindboxClient,
    operation: string,
    body: object,
  ): Promise<MindboxCustomerLookup> {
    this.metrics.mindboxCalls.inc({ step: 'get-existing' });
    // A read: no transactionId, so a repeat is answered in full rather than "already processed".
    const { body: answer } = await mindbox.sync(operation, body, { transactionId: false });
    return parseCustomerLookup(answer);
  }

  /**
   * "Confirm mobile phone" for a phone Mindbox did not hold confirmed before the edit. The module
   * has no SMS code: the project's operation must accept the confirmation from this trusted
   * endpoint without one. A refusal does not fail the sync; it is journalled as a warning.
   */
  private async confirmPhone(
    account: SyncAccount,
    mobilePhone: string | undefined,
    sent: Sent,
    request: CustomerSyncRequest,
    delivery: Delivery,
  ): Promise<void> {
    const operation = account.operations.confirmMobilePhone?.trim();
    if (!operation || !mobilePhone) return;
    const before = sent.existing.customer;
    if (before?.mobilePhone === mobilePhone && before.raw.isMobilePhoneConfirmed === true) return;
    const { mindboxId } = sent;
    const ids = customerIds(request.customerId, account.mapping);
    this.metrics.mindboxCalls.inc({ step: 'confirm-phone' });
    try {
      const answer = await account.mindbox.sync(
        operation,
        { customer: { ids, mobilePhone } },
        { transactionId: stepTransactionId(delivery.messageId, 'confirm-phone', request.customerId) },
      );
      const status = (answer.body as { smsConfirmation?: { processingStatus?: unknown } }).smsConfirmation
        ?.processingStatus;
      if (answer.alreadyProcessed || status === undefined || CONFIRMED.has(String(status))) return;
      await this.note(delivery, request, 'confirm-phone', 'warning', {
        mindboxOperation: operation,
        mindboxId,
        error: `Mindbox did not confirm the phone (${String(status)}).`,
      });
    } catch (error) {
      if (!(error instanceof MindboxValidationError)) throw error;
      const failure = describeFailure(error);
      await this.note(delivery, request, 'confirm-phone', 'warning', {
        mindboxOperation: operation,
        mindboxId,
        error: `The customer was synced, but Mindbox did not confirm the phone: ${failure.problems?.map((p) => p.message).join('; ')}. The operation named in "confirm mobile phone" must accept a confirmation without an SMS code; otherwise leave it empty.`,
        problems: failure.problems ?? null,
      });
    }
  }

  /** A journal row in the message's transaction. */
  private async note(
    delivery: Delivery,
    request: CustomerSyncRequest,
    operation: JournalOperation,
    outcome: JournalOutcome,
    extra: Partial<NewJournalEntry> = {},
  ): Promise<void> {
    await this.journal.add(
      {
        accountId: request.accountId,
        crmId: request.customerId,
        operation,
        outcome,
        cause: request.cause,
        messageId: delivery.messageId,
        ...extra,
      },
      delivery.em,
    );
  }

  /**
   * When the transport will park the message (a failure no retry helps, or the last retry),
   * journal it on its own connection (the message's transaction rolls back) and count the
   * full-load customer as given up. Retries in between leave no row.
   */
  private async recordGivingUp(
    request: CustomerSyncRequest,
    delivery: Delivery,
    error: unknown,
  ): Promise<void> {
    const retrying = isRetryable(error) && delivery.retryCount < this.config.retryDelaysMs.length;
    if (retrying) return;
    const failure = describeFailure(error);
    try {
      await this.journal.add({
        accountId: request.accountId,
        crmId: request.customerId,
        operation: 'sync',
        outcome: failure.retryable ? 'parked' : 'failed',
        cause: request.cause,
        messageId: delivery.messageId,
        error: failure.text,
        retryable: failure.retryable,
      });
      if (request.runId) {
        await this.fullLoads.tally(request.accountId, request.runId, { failed: 1 });
        // Every other customer of the load would fail the same way: stop listing them.
        if (isConfigurationError(error))
          await this.fullLoads.fail(request.accountId, request.runId, failure.text);
      }
    } catch (journalError) {
      this.logger.error(`could not journal a failed sync: ${(journalError as Error).message}`);
    }
    this.metrics.customers.inc({ outcome: failure.retryable ? 'parked' : 'failed', cause: request.cause });
  }
}

/** What was sent: the operation, the customer's Mindbox id, and what "get existing" found before. */
interface Sent {
  operation: JournalOperation;
  mindboxOperation: string;
  mindboxId: string | null;
  existing: MindboxCustomerLookup;
}

/** A failure of the account's settings (keys, operation names), not of one customer. */
function isConfigurationError(error: unknown): boolean {
  return (
    error instanceof MindboxAuthError ||
    error instanceof MindboxNotFoundError ||
    error instanceof RetailCrmAuthError
  );
}

const CONFIRMED = new Set([
  'MobilePhoneConfirmed',
  'SubscriptionAndMobilePhoneConfirmed',
  'AlreadyConfirmed',
]);

function textOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
