import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per rate-limited key (an API key, a Mindbox operation and endpoint): the theoretical
 * arrival time of the next request (GCRA). Shared by every process that calls the same API.
 */
@Entity('rate_budget')
export class RateBudgetEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'timestamptz' })
  tat: Date;
}
