import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@app/common/validation/validation-errors';
import { AccessSettingsDto } from './access.dto';
import { CustomerSettingsDto } from './customers.dto';
import { FieldSettingsDto } from './fields.dto';
import { MindboxSettingsDto } from './mindbox.dto';
import { OrderSettingsDto } from './orders.dto';
import { ProductSettingsDto } from './products.dto';
import { demoTabs } from './tab-examples';

const DTOS = {
  access: AccessSettingsDto,
  mindbox: MindboxSettingsDto,
  customers: CustomerSettingsDto,
  orders: OrderSettingsDto,
  products: ProductSettingsDto,
  fields: FieldSettingsDto,
};

const check = (tab: keyof typeof DTOS, body: unknown) =>
  flattenValidationErrors(
    validateSync(plainToInstance(DTOS[tab] as new () => object, body) as object, {
      whitelist: true,
      forbidNonWhitelisted: true,
    }),
  );

describe('settings tab DTOs', () => {
  it.each(Object.keys(DTOS) as (keyof typeof DTOS)[])('accept the demo %s tab', (tab) => {
    expect(check(tab, demoTabs()[tab])).toEqual({});
  });

  it('name a wrong status code by its dotted path and index', () => {
    const orders = demoTabs().orders;
    const errors = check('orders', {
      ...orders,
      conditions: { ...orders.conditions, calculateStatuses: ['new', 'no spaces'] },
    });
    expect(Object.keys(errors)).toEqual(['conditions.calculateStatuses']);
    expect(errors['conditions.calculateStatuses']).toMatch(/RetailCRM codes/);
  });

  it('refuse unknown fields and wrong types', () => {
    const errors = check('customers', { ...demoTabs().customers, syncWithoutOrders: 'yes', surprise: 1 });
    expect(errors).toMatchObject({
      syncWithoutOrders: expect.stringMatching(/boolean/),
      surprise: expect.any(String),
    });
  });

  it('refuse a product field outside the four the CRM has and a status map of non-strings', () => {
    const products = demoTabs().products;
    const errors = check('products', {
      ...products,
      ids: { retailcrmField: 'offer.name', mindboxKey: 'id' },
      statusMap: { delivered: 5 },
    });
    expect(Object.keys(errors).sort()).toEqual(['ids.retailcrmField', 'statusMap']);
  });

  it('refuse a Mindbox operation name with spaces and a bad endpoint', () => {
    const errors = check('mindbox', {
      ...demoTabs().mindbox,
      endpointId: 'my endpoint',
      apiUrl: 'not a url',
    });
    expect(Object.keys(errors).sort()).toEqual(['apiUrl', 'endpointId']);
    const customers = check('customers', {
      ...demoTabs().customers,
      operations: { import: 'Import Customer', getExisting: 'a', edit: 'b' },
    });
    expect(Object.keys(customers)).toEqual(['operations.import']);
  });
});
