import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A RetailCRM account that installed the module: its connection (the "Access" tab) and its
 * lifecycle. The other tabs live in their own tables, keyed by the account id.
 */
@Entity('account')
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 32 random bytes as hex; the only credential RetailCRM sends back on callbacks. */
  @Index('account_client_id_key', { unique: true })
  @Column({ name: 'client_id', type: 'char', length: 64 })
  clientId: string;

  @Index('account_retailcrm_url_key', { unique: true })
  @Column({ name: 'retailcrm_url', type: 'varchar', length: 255 })
  retailcrmUrl: string;

  /** The RetailCRM API key, encrypted (SecretBox). */
  @Column({ name: 'api_key_enc', type: 'text' })
  apiKeyEnc: string;

  /** Shops (site codes) the module works with; empty means all of the key's shops. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sites: string[];

  /** Secret of the account's hook URL ("callback for acceleration"). */
  @Index('account_hook_token_key', { unique: true })
  @Column({ name: 'hook_token', type: 'varchar', length: 64 })
  hookToken: string;

  /** Secret of the account's product feed URL. */
  @Index('account_feed_token_key', { unique: true })
  @Column({ name: 'feed_token', type: 'varchar', length: 64 })
  feedToken: string;

  /** Activity as RetailCRM reports it; syncs run only while active and not frozen. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'boolean', default: false })
  frozen: boolean;

  /**
   * The CRM's system settings (currency, language, time zone, work times) as its `settings`
   * callback last sent them; null until it does.
   */
  @Column({ name: 'crm_settings', type: 'jsonb', nullable: true })
  crmSettings: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
