import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { SYNC_ENTITIES, type SyncEntity } from '@app/messaging';

const OUTCOMES = ['synced', 'skipped', 'rejected', 'warning', 'failed', 'parked', 'problems'] as const;

/** The query of `GET /api/v1/sync/journal`. */
export class JournalQuery {
  /** One entity's journal; both, newest first, when left out. */
  @IsOptional()
  @IsIn(SYNC_ENTITIES)
  entity?: SyncEntity;

  /** Rows per page, 1…200 (50). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** Only rows older than this id (`nextBeforeId` of the previous page); needs `entity`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeId?: number;

  /** One outcome, or `problems` for everything that did not go well. */
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: (typeof OUTCOMES)[number];

  /** Only rows of this CRM customer or order. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  crmId?: number;
}

/** The body of `POST /api/v1/sync/journal/{id}/retry`. */
export class JournalRetryBody {
  /** Whose journal the id is from; `customers` when left out. */
  @IsOptional()
  @IsIn(SYNC_ENTITIES)
  entity?: SyncEntity;
}

/** The body of `POST /api/v1/sync/full-load`. */
export class FullLoadBody {
  /** Only customers have a full load: orders reach Mindbox as they change. */
  @IsIn(['customers'], { message: 'entity must be "customers": only customers have a full load' })
  entity: 'customers';
}
