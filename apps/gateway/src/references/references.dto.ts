import { IsIn, IsOptional } from 'class-validator';

/** The query of `GET /api/v1/references`. */
export class ReferencesQuery {
  /** `1`: ask RetailCRM again instead of answering from the cache. */
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'])
  refresh?: string;
}
