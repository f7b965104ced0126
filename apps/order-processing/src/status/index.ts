/**
 * What the gateway imports from order-processing for the sync status and journal endpoints: the
 * reader of order-processing's tables and its answer types. The retry command
 * (`JournalRetryRequested` with `entity: 'orders'`) is a contract of `@app/messaging`.
 */
export * from './order-sync-status.module';
export * from './order-sync-status.reader';
export type { FieldProblem } from '../journal/failure-text';
export type { JournalCause, JournalOperation, JournalOutcome } from '../journal/order-journal-entry.entity';
