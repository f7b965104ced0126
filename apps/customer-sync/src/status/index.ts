/**
 * What the gateway imports from customer-sync for the sync status and journal endpoints:
 * the reader of customer-sync's tables and its answer types. The commands (`FullLoadRequested`,
 * `JournalRetryRequested`) are contracts of `@app/messaging`.
 */
export * from './customer-sync-status.module';
export * from './customer-sync-status.reader';
export type { FieldProblem } from '../journal/failure-text';
export type { JournalCause, JournalOperation, JournalOutcome } from '../journal/journal-entry.entity';
export type { FullLoadStatus } from '../full-load/full-load.entity';
