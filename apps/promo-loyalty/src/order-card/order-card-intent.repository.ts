import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrderCardIntentEntity } from '@app/common/order-card/order-card-intent.entity';

/** The code and points managers applied in order cards (read by order-processing). */
@Injectable()
export class OrderCardIntentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the manager's latest choice for the order; no code and no points clear it. */
  async save(
    accountId: string,
    crmOrderId: number,
    promoCode: string | null,
    points: number | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO order_card_intent (account_id, crm_order_id, promo_code, points_to_spend, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (account_id, crm_order_id)
       DO UPDATE SET promo_code = EXCLUDED.promo_code, points_to_spend = EXCLUDED.points_to_spend, updated_at = now()`,
      [accountId, crmOrderId, promoCode, points],
    );
  }

  find(accountId: string, crmOrderId: number): Promise<OrderCardIntentEntity | null> {
    return this.dataSource.manager.findOneBy(OrderCardIntentEntity, { accountId, crmOrderId });
  }
}
