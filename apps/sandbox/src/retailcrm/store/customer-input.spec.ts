import type { CustomField } from './crm.types';
import { applyCustomerInput, blankCustomer, presumeSex } from './customer-input';
import { CrmValidationError } from './crm.errors';

const card: CustomField = {
  name: 'Card',
  code: 'card',
  required: false,
  inFilter: true,
  inList: true,
  inGroupActions: false,
  type: 'string',
  entity: 'customer',
  ordering: 50,
  displayArea: 'customer',
  viewMode: 'editable',
};
let addressId = 0;
const context = { customFields: [card], now: '2024-05-01 12:00:00', nextAddressId: () => ++addressId };
const blank = () => blankCustomer(1, 'shop', '2024-01-01 00:00:00');

describe('applyCustomerInput', () => {
  it('sets what is sent and keeps the rest', () => {
    const first = applyCustomerInput(blank(), { firstName: 'Анна', email: 'anna@example.com' }, context);
    const second = applyCustomerInput(
      first,
      { lastName: 'Петрова', phones: [{ number: '+79990000000' }] },
      context,
    );

    expect(second).toMatchObject({
      firstName: 'Анна',
      lastName: 'Петрова',
      email: 'anna@example.com',
      phones: [{ number: '+79990000000' }],
      presumableSex: 'female',
    });
  });

  it('drops values of custom fields the account does not have, as the CRM does', () => {
    const customer = applyCustomerInput(blank(), { customFields: { card: 'C-1', unknown: 'x' } }, context);

    expect(customer.customFields).toEqual({ card: 'C-1' });
  });

  it('gives a new address an id and unsubscribes with a date', () => {
    const customer = applyCustomerInput(blank(), { address: { city: 'Тверь' }, subscribed: false }, context);

    expect(customer.address).toEqual({ id: addressId, city: 'Тверь' });
    expect(customer.emailMarketingUnsubscribedAt).toBe('2024-05-01 12:00:00');
    expect(customer.customerSubscriptions[0]).toMatchObject({
      subscribed: false,
      changedAt: '2024-05-01 12:00:00',
    });
  });

  it('refuses a bad email and a bad date in one answer', () => {
    expect(() => applyCustomerInput(blank(), { email: 'nope', birthday: '01.02.2000' }, context)).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({
          errors: {
            email: 'This value is not a valid email address.',
            birthday: 'This value is not a valid date.',
          },
        }),
      }) as CrmValidationError,
    );
  });
});

describe('presumeSex', () => {
  it('reads a Russian patronymic first, then the first name', () => {
    expect(presumeSex({ firstName: 'Саша', patronymic: 'Петрович' })).toBe('male');
    expect(presumeSex({ firstName: 'Мария' })).toBe('female');
    expect(presumeSex({})).toBeUndefined();
  });
});
