import type { Customer } from '@app/retailcrm';
import { normaliseCustomer } from '@app/retailcrm/model/normalise';
import { demoTabs } from '@app/settings';
import { retailCrmFixture } from '../../../../test/customer-sync/fixtures';
import { CLEAR, mapCustomer } from './customer-mapping';
import { CustomerMappingSettings, mappingSettingsOf } from './mapping-settings';
import { isMappedHistoryField } from './mapped-fields';
import { mainPhone, normalisePhone } from './phone';
import { marketingConsent } from './subscriptions';

const omega = (): Customer =>
  normaliseCustomer(retailCrmFixture<{ customer: unknown }>('customer-get.json').customer);
const listed = (): Customer =>
  normaliseCustomer(retailCrmFixture<{ customers: unknown[] }>('customers-list.json').customers[0]);

const full: CustomerMappingSettings = {
  customerIdKey: 'retailcrmId',
  brand: 'demo',
  topic: 'news',
  pointsOfContact: ['Email', 'Sms', 'Whatsapp'],
  registrationDateField: 'RegistrationDate',
  cityField: 'City',
};

describe('mapCustomer', () => {
  it('maps the customer of customer-get.json: id under the key, names, e-mail, main phone, consent', () => {
    const { body, mobilePhone } = mapCustomer(omega(), full);
    expect(body).toEqual({
      customer: {
        ids: { retailcrmId: '4770' },
        firstName: 'Omega',
        email: 'omega@omega.com',
        // The first of "79094055045" and "+79094055044".
        mobilePhone: '79094055045',
        customFields: { RegistrationDate: '2022-03-11' },
        subscriptions: [
          // emailMarketingUnsubscribedAt is set: the opt-out wins over the e-mail subscription.
          { brand: 'demo', pointOfContact: 'Email', topic: 'news', isSubscribed: false },
          // The CRM's WhatsApp (waba) marketing subscription is off; nothing is known about SMS.
          { brand: 'demo', pointOfContact: 'Whatsapp', topic: 'news', isSubscribed: false },
        ],
      },
    });
    expect(mobilePhone).toBe('79094055045');
  });

  it('sends the city and the registration date under the names of the Additional fields tab', () => {
    const { body } = mapCustomer(listed(), full);
    expect(body.customer.customFields).toEqual({ RegistrationDate: '2019-05-27', City: 'Кисловодск' });
    expect(mapCustomer(listed(), { ...full, cityField: 'town' }).body.customer.customFields).toEqual({
      RegistrationDate: '2019-05-27',
      town: 'Кисловодск',
    });
  });

  it('sends nothing for fields the tabs leave empty', () => {
    const bare: CustomerMappingSettings = { customerIdKey: 'crmId', pointsOfContact: [] };
    const { body } = mapCustomer(listed(), bare);
    expect(body.customer.customFields).toBeUndefined();
    expect(body.customer.subscriptions).toBeUndefined();
    expect(body.customer.ids).toEqual({ crmId: '1233' });
    const noBrand = mapCustomer(omega(), { ...full, brand: undefined, topic: undefined });
    expect(noBrand.body.customer.subscriptions?.[0]).toEqual({
      pointOfContact: 'Email',
      isSubscribed: false,
    });
  });

  it('sends birth date and sex only in the forms Mindbox takes', () => {
    const customer = {
      ...omega(),
      birthday: '1990-02-03',
      sex: 'female',
      patronymic: 'Ивановна',
      lastName: 'Смит',
    };
    expect(mapCustomer(customer, full).body.customer).toMatchObject({
      birthDate: '1990-02-03',
      sex: 'female',
      middleName: 'Ивановна',
      lastName: 'Смит',
    });
    const odd = mapCustomer({ ...customer, birthday: '03.02.1990', sex: 'unknown' }, full).body.customer;
    expect(odd.birthDate).toBeUndefined();
    expect(odd.sex).toBeUndefined();
  });

  it('clears in Mindbox only the fields asked for that the CRM has emptied; the hash ignores clears', () => {
    const customer: Customer = { ...omega(), email: undefined };
    const plain = mapCustomer(customer, full);
    const cleared = mapCustomer(customer, full, new Set(['email', 'firstName']));
    expect(cleared.body.customer.email).toBe(CLEAR);
    expect(cleared.body.customer.firstName).toBe('Omega');
    expect(cleared.hash).toBe(plain.hash);
    expect(plain.body.customer.email).toBeUndefined();
  });

  it('hashes equal data alike and different data differently', () => {
    const a = mapCustomer(omega(), full);
    const reordered = Object.fromEntries(Object.entries(omega()).reverse()) as Customer;
    expect(mapCustomer(reordered, full).hash).toBe(a.hash);
    expect(mapCustomer({ ...omega(), firstName: 'Alpha' }, full).hash).not.toBe(a.hash);
    // Fields the mapping does not read change nothing.
    expect(mapCustomer({ ...omega(), managerId: 99, segments: [] }, full).hash).toBe(a.hash);
  });
});

describe('mappingSettingsOf', () => {
  it('reads the demo tabs', () => {
    const tabs = demoTabs();
    const settings = mappingSettingsOf({
      customers: tabs.customers,
      mindbox: tabs.mindbox,
      fields: tabs.fields,
    });
    expect(settings).toEqual({
      customerIdKey: 'retailcrmId',
      brand: 'demo',
      topic: 'news',
      pointsOfContact: ['Email', 'Sms'],
      registrationDateField: undefined,
      cityField: 'City',
      mindboxIdCustomField: undefined,
    });
    expect(mappingSettingsOf({ customers: null, mindbox: null, fields: null })).toBeNull();
  });
});

describe('normalisePhone', () => {
  it.each([
    ['+7 (909) 405-50-45', '79094055045'],
    ['8 909 405 50 45', '79094055045'],
    ['9094055045', '79094055045'],
    ['0079094055045', '79094055045'],
    ['+1 212 555 0100', '12125550100'],
    ['+375 29 123-45-67', '375291234567'],
  ])('%s -> %s', (raw, digits) => {
    expect(normalisePhone(raw)).toBe(digits);
  });

  it.each(['12345', 'phone', '', '+7 909', '1234567890123456'])('refuses %p', (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });

  it('takes the first phone that normalises', () => {
    expect(mainPhone([{ number: 'n/a' }, { number: '8-909-405-50-45' }])).toBe('79094055045');
    expect(mainPhone([])).toBeUndefined();
  });
});

describe('marketingConsent', () => {
  const base = (): Customer => ({ id: 1, customFields: {} });

  it('reads e-mail consent from the opt-out date, the subscription and the old flag', () => {
    expect(marketingConsent(base(), 'Email')).toBe(true);
    expect(marketingConsent({ ...base(), subscribed: false }, 'Email')).toBe(false);
    expect(
      marketingConsent({ ...base(), emailMarketingUnsubscribedAt: '2024-01-01 10:00:00' }, 'Email'),
    ).toBe(false);
    const unsubscribed = {
      ...base(),
      customerSubscriptions: [
        { subscription: { channel: 'email', code: 'default_marketing' }, subscribed: false },
      ],
    };
    expect(marketingConsent(unsubscribed, 'Email')).toBe(false);
  });

  it('knows nothing of a channel the CRM says nothing about', () => {
    expect(marketingConsent(base(), 'Sms')).toBeUndefined();
    const sms = {
      ...base(),
      customerSubscriptions: [{ subscription: { channel: 'sms', code: 'promo' }, subscribed: true }],
    };
    expect(marketingConsent(sms, 'sms')).toBe(true);
  });
});

describe('isMappedHistoryField', () => {
  it('follows the tabs', () => {
    const bare: CustomerMappingSettings = { customerIdKey: 'id', pointsOfContact: [] };
    expect(isMappedHistoryField('first_name', bare)).toBe(true);
    expect(isMappedHistoryField('phones', bare)).toBe(true);
    expect(isMappedHistoryField('segments', bare)).toBe(false);
    expect(isMappedHistoryField('manager', full)).toBe(false);
    expect(isMappedHistoryField('address.city', bare)).toBe(false);
    expect(isMappedHistoryField('address.city', full)).toBe(true);
    expect(isMappedHistoryField('email_marketing_unsubscribed_at', bare)).toBe(false);
    expect(isMappedHistoryField('email_marketing_unsubscribed_at', full)).toBe(true);
    expect(isMappedHistoryField('created_at', full)).toBe(true);
    expect(isMappedHistoryField('custom_mindbox_id', { ...full, mindboxIdCustomField: 'mindbox_id' })).toBe(
      true,
    );
    expect(isMappedHistoryField('custom_loyalty_card', full)).toBe(false);
  });
});
