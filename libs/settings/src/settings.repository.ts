import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity } from './accounts/account.entity';
import {
  CustomerSettingsEntity,
  FieldSettingsEntity,
  MindboxSettingsEntity,
  OrderSettingsEntity,
  ProductSettingsEntity,
} from './tabs/tab-settings.entity';

/** Tables of the tabs after "Access". */
export const TAB_ENTITIES = {
  mindbox: MindboxSettingsEntity,
  customers: CustomerSettingsEntity,
  orders: OrderSettingsEntity,
  products: ProductSettingsEntity,
  fields: FieldSettingsEntity,
} as const;
export type StoredTab = keyof typeof TAB_ENTITIES;

/** The stored rows of one account. */
export interface StoredSettings {
  account: AccountEntity;
  mindbox: MindboxSettingsEntity | null;
  customers: CustomerSettingsEntity | null;
  orders: OrderSettingsEntity | null;
  products: ProductSettingsEntity | null;
  fields: FieldSettingsEntity | null;
}

/** All SQL of accounts and their settings. Every method takes an optional transaction. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  findAccount(id: string, em?: EntityManager): Promise<AccountEntity | null> {
    return this.manager(em).findOneBy(AccountEntity, { id });
  }

  findAccountByClientId(clientId: string, em?: EntityManager): Promise<AccountEntity | null> {
    return this.manager(em).findOneBy(AccountEntity, { clientId });
  }

  findAccountByUrl(retailcrmUrl: string, em?: EntityManager): Promise<AccountEntity | null> {
    return this.manager(em).findOneBy(AccountEntity, { retailcrmUrl });
  }

  /**
   * The account row locked for update until the transaction ends, so that concurrent changes of
   * one account (a callback and a settings save) apply one after the other.
   */
  lockAccount(id: string, em: EntityManager): Promise<AccountEntity | null> {
    return em.findOne(AccountEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Like {@link lockAccount}, by the RetailCRM URL: a reconnection of a known account. */
  lockAccountByUrl(retailcrmUrl: string, em: EntityManager): Promise<AccountEntity | null> {
    return em.findOne(AccountEntity, { where: { retailcrmUrl }, lock: { mode: 'pessimistic_write' } });
  }

  findAccountByHookToken(hookToken: string, em?: EntityManager): Promise<AccountEntity | null> {
    return this.manager(em).findOneBy(AccountEntity, { hookToken });
  }

  /** Accounts whose syncs should run now. */
  listRunningAccounts(em?: EntityManager): Promise<AccountEntity[]> {
    return this.manager(em).findBy(AccountEntity, { active: true, frozen: false });
  }

  saveAccount(account: AccountEntity, em?: EntityManager): Promise<AccountEntity> {
    return this.manager(em).save(AccountEntity, account);
  }

  async load(accountId: string, em?: EntityManager): Promise<StoredSettings | null> {
    const manager = this.manager(em);
    const account = await manager.findOneBy(AccountEntity, { id: accountId });
    if (!account) return null;
    const [mindbox, customers, orders, products, fields] = await Promise.all([
      manager.findOneBy(MindboxSettingsEntity, { accountId }),
      manager.findOneBy(CustomerSettingsEntity, { accountId }),
      manager.findOneBy(OrderSettingsEntity, { accountId }),
      manager.findOneBy(ProductSettingsEntity, { accountId }),
      manager.findOneBy(FieldSettingsEntity, { accountId }),
    ]);
    return { account, mindbox, customers, orders, products, fields };
  }

  /** Inserts or replaces one tab's row. */
  async saveTab<K extends StoredTab>(
    tab: K,
    row: Omit<InstanceType<(typeof TAB_ENTITIES)[K]>, 'updatedAt' | 'account'>,
    em?: EntityManager,
  ): Promise<void> {
    await this.manager(em).upsert(TAB_ENTITIES[tab], row as never, ['accountId']);
  }
}
