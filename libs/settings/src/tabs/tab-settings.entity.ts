import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import type { CustomerSettingsDto } from './customers.dto';
import type { FieldSettingsDto } from './fields.dto';
import type { OrderSettingsDto } from './orders.dto';
import type { ProductSettingsDto } from './products.dto';

/**
 * The settings tabs after "Access", one row per account and tab. Each tab is validated as a whole
 * by its DTO before it is stored, so its body is kept as JSON; secrets are encrypted in their own
 * column and never sit in the JSON.
 */
abstract class TabSettingsEntity<T> {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** Removing an account removes its settings. */
  @OneToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'jsonb' })
  settings: T;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** "Mindbox access": the secret key is encrypted in `secret_key_enc`, not in `settings`. */
@Entity('mindbox_settings')
export class MindboxSettingsEntity extends TabSettingsEntity<MindboxSettingsBody> {
  @Column({ name: 'secret_key_enc', type: 'text' })
  secretKeyEnc: string;
}

/** The "Mindbox access" tab without its secret. */
export interface MindboxSettingsBody {
  apiUrl: string;
  endpointId: string;
  deviceUuid?: string;
  brand: string;
}

@Entity('customer_settings')
export class CustomerSettingsEntity extends TabSettingsEntity<CustomerSettingsDto> {}

@Entity('order_settings')
export class OrderSettingsEntity extends TabSettingsEntity<OrderSettingsDto> {}

@Entity('product_settings')
export class ProductSettingsEntity extends TabSettingsEntity<ProductSettingsDto> {}

@Entity('field_settings')
export class FieldSettingsEntity extends TabSettingsEntity<FieldSettingsDto> {}
