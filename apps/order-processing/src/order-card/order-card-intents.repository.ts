import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Reads what a manager chose in the order card (promo-loyalty writes `order_card_intent`). Raw
 * SQL, guarded: an installation where the table does not exist yet reads "no points".
 */
@Injectable()
export class OrderCardIntentsRepository {
  private tableKnown: boolean | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Points to spend on the order; 0 when the manager chose none. */
  async pointsToSpend(accountId: string, orderId: number): Promise<number> {
    if (this.tableKnown === undefined || this.tableKnown === false) {
      const [{ exists }] = await this.dataSource.query(
        `SELECT to_regclass('order_card_intent') IS NOT NULL AS exists`,
      );
      this.tableKnown = exists === true;
      if (!this.tableKnown) return 0;
    }
    const rows: { points: string | null }[] = await this.dataSource.query(
      `SELECT points_to_spend AS points FROM order_card_intent WHERE account_id = $1 AND crm_order_id = $2`,
      [accountId, orderId],
    );
    const points = Number(rows[0]?.points ?? 0);
    return Number.isFinite(points) && points > 0 ? points : 0;
  }
}
