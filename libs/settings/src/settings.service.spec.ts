import { AccountEntity } from './accounts/account.entity';
import { SecretBox } from './secrets/secret-box';
import type { SettingsRepository, StoredSettings } from './settings.repository';
import { SettingsService } from './settings.service';
import { demoTabs } from './tabs/tab-examples';
import { ProductSettingsEntity } from './tabs/tab-settings.entity';

describe('SettingsService.view', () => {
  const secrets = new SecretBox('a1'.repeat(32));
  const sut = new SettingsService({} as SettingsRepository, secrets);
  const account = Object.assign(new AccountEntity(), {
    id: 'a',
    retailcrmUrl: 'https://shop.retailcrm.ru',
    apiKeyEnc: secrets.encrypt('key-12345678'),
    sites: [],
  });
  const stored = (products: ProductSettingsEntity | null): StoredSettings => ({
    account,
    mindbox: null,
    customers: null,
    orders: null,
    products,
    fields: null,
  });
  const products = Object.assign(new ProductSettingsEntity(), {
    accountId: 'a',
    // A feed address sent back with a save and stored must not be shown as the current one.
    settings: { ...demoTabs().products, feedUrl: 'https://old.example/feeds/old/products.yml' },
  });

  it('shows the live feed address in the saved Products tab', () => {
    const view = sut.view(stored(products), 'https://m/hooks/h', 'https://m/feeds/t/products.yml');
    expect(view.products).toEqual({ ...demoTabs().products, feedUrl: 'https://m/feeds/t/products.yml' });
  });

  it('shows no feed address when none is given, and none for an unsaved tab', () => {
    expect(sut.view(stored(products), 'https://m/hooks/h').products).toEqual(demoTabs().products);
    expect(sut.view(stored(null), 'https://m/hooks/h', 'https://m/feeds/t/products.yml').products).toBeNull();
  });
});
