import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/common/database/database.options';
import { AccountEntity, demoTabs, SecretBox, SettingsRepository, SettingsService } from '@app/settings';

describe('account settings in Postgres', () => {
  let dataSource: DataSource;
  let repository: SettingsRepository;
  let sut: SettingsService;
  const secrets = new SecretBox('c3'.repeat(32));

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    repository = new SettingsRepository(dataSource);
    sut = new SettingsService(repository, secrets);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  async function newAccount(): Promise<AccountEntity> {
    const tabs = demoTabs();
    return repository.saveAccount(
      Object.assign(new AccountEntity(), {
        clientId: randomBytes(32).toString('hex'),
        retailcrmUrl: `https://shop-${randomBytes(4).toString('hex')}.retailcrm.ru`,
        apiKeyEnc: secrets.encrypt(tabs.access.apiKey),
        sites: tabs.access.sites,
        hookToken: randomBytes(24).toString('hex'),
        feedToken: randomBytes(24).toString('hex'),
      }),
    );
  }

  it('stores every tab, gives the workers the secrets and answers them masked', async () => {
    const account = await newAccount();
    const tabs = demoTabs();
    const { secretKey, ...mindbox } = tabs.mindbox;
    await repository.saveTab('mindbox', {
      accountId: account.id,
      settings: mindbox,
      secretKeyEnc: secrets.encrypt(secretKey),
    });
    await repository.saveTab('customers', { accountId: account.id, settings: tabs.customers });
    await repository.saveTab('orders', { accountId: account.id, settings: tabs.orders });
    await repository.saveTab('products', { accountId: account.id, settings: tabs.products });
    await repository.saveTab('fields', { accountId: account.id, settings: tabs.fields });

    const loaded = await sut.load(account.id);
    expect(loaded).toMatchObject({
      accountId: account.id,
      active: true,
      frozen: false,
      access: { apiKey: 'demo-retailcrm-key', sites: ['demo-shop'] },
      mindbox: tabs.mindbox,
      customers: tabs.customers,
      orders: tabs.orders,
      products: tabs.products,
      fields: tabs.fields,
    });

    const view = sut.view((await repository.load(account.id))!, 'https://module.example/hooks/x');
    expect(view.access).toEqual({
      ...tabs.access,
      retailcrmUrl: account.retailcrmUrl,
      apiKey: '••••-key',
      hookUrl: 'https://module.example/hooks/x',
    });
    expect(view.mindbox?.secretKey).toBe('••••cret');
    expect(JSON.stringify(view)).not.toContain('demo-mindbox-secret');
    const [row] = await dataSource.query(
      'SELECT settings::text AS json, secret_key_enc FROM mindbox_settings WHERE account_id = $1',
      [account.id],
    );
    expect(row.json).not.toContain('demo-mindbox-secret');
    expect(row.secret_key_enc).not.toContain('demo-mindbox-secret');
  });

  it('replaces a tab on a second save and drops every tab with its account', async () => {
    const account = await newAccount();
    const tabs = demoTabs();
    await repository.saveTab('customers', { accountId: account.id, settings: tabs.customers });
    await repository.saveTab('customers', {
      accountId: account.id,
      settings: { ...tabs.customers, syncWithoutOrders: true },
    });
    expect((await sut.load(account.id))?.customers?.syncWithoutOrders).toBe(true);
    expect((await sut.load(account.id))?.orders).toBeNull();

    await dataSource.query('DELETE FROM account WHERE id = $1', [account.id]);
    const [{ count }] = await dataSource.query(
      'SELECT count(*)::int AS count FROM customer_settings WHERE account_id = $1',
      [account.id],
    );
    expect(count).toBe(0);
    expect(await sut.load(account.id)).toBeNull();
  });
});
