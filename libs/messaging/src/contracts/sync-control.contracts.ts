import { IsIn, IsInt, IsPositive } from 'class-validator';
import { AccountMessage, MessageContract } from './message-contract';

/** Entities the sync services keep in step. */
export const SYNC_ENTITIES = ['customers', 'orders'] as const;
export type SyncEntity = (typeof SYNC_ENTITIES)[number];

/**
 * `POST /api/v1/sync/full-load`: start the entity's full load, or resume the one that is running.
 * The service that owns the entity acts on it; the others ignore it.
 */
export class FullLoadRequestedV1 extends AccountMessage {
  @IsIn(SYNC_ENTITIES)
  entity: SyncEntity;
}

/**
 * `POST /api/v1/sync/journal/{id}/retry`: sync again what the journal entry is about (the
 * customer or order as it is now). `journalId` is the entry's id in the entity's journal.
 */
export class JournalRetryRequestedV1 extends AccountMessage {
  @IsIn(SYNC_ENTITIES)
  entity: SyncEntity;

  @IsInt()
  @IsPositive()
  journalId: number;
}

export const FullLoadRequested: MessageContract<FullLoadRequestedV1> = {
  routingKey: 'sync.full-load-requested.v1',
  payload: FullLoadRequestedV1,
};

export const JournalRetryRequested: MessageContract<JournalRetryRequestedV1> = {
  routingKey: 'sync.journal-retry-requested.v1',
  payload: JournalRetryRequestedV1,
};
