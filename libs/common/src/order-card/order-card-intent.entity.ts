import { Column, Entity, PrimaryColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

/** `numeric` comes back from pg as a string; points are small enough for a JS number. */
const pointsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * What a manager chose for one order in the RetailCRM order card: the promo code and the points
 * to spend. promo-loyalty writes it when the manager presses "apply"; order-processing reads it to
 * send the same code and points with the order's Mindbox transaction, so Mindbox ends up with
 * what the manager saw.
 */
@Entity('order_card_intent')
export class OrderCardIntentEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** The order's RetailCRM `id`. */
  @PrimaryColumn({ name: 'crm_order_id', type: 'int' })
  crmOrderId: number;

  /** The promo code as the manager typed it; null when none is applied. */
  @Column({ name: 'promo_code', type: 'text', nullable: true })
  promoCode: string | null;

  /** Points to spend on the order; null or 0 when none. */
  @Column({
    name: 'points_to_spend',
    type: 'numeric',
    precision: 12,
    scale: 2,
    nullable: true,
    transformer: pointsNumber,
  })
  pointsToSpend: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
