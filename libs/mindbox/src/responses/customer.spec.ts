import { mindboxFixture } from '../../test/fixtures';
import { parseBalancesResponse } from './balance';
import { parseCustomerLookup } from './customer';

describe('parseCustomerLookup', () => {
  it('reads customer-found.json', () => {
    expect(parseCustomerLookup(mindboxFixture('customer-found.json'))).toMatchObject({
      found: true,
      customer: {
        processingStatus: 'Found',
        ids: { mindboxId: '123', retailCrmId: '5384275' },
        mindboxId: '123',
        subscriptions: [],
        balances: [],
      },
    });
  });

  it('reads customer-not-found.json', () => {
    expect(parseCustomerLookup(mindboxFixture('customer-not-found.json'))).toMatchObject({
      found: false,
      customer: { processingStatus: 'NotFound', ids: {}, mindboxId: undefined },
    });
  });

  it('reads no customer from bodies without one', () => {
    expect(parseCustomerLookup(mindboxFixture('transaction-already-processed.json'))).toEqual({
      found: false,
      customer: undefined,
    });
  });

  it.each([
    ['Created', true],
    ['Changed', true],
    ['NotChanged', true],
    ['AlreadyExists', true],
    ['Ambiguous', false],
    ['Unavailable', false],
    ['DiscountCardIsBlocked', false],
  ])('counts %s as found: %p', (processingStatus, found) => {
    expect(parseCustomerLookup({ customer: { processingStatus } }).found).toBe(found);
  });

  it('keeps an unknown processing status, numeric ids and the data fields', () => {
    const { customer } = parseCustomerLookup({
      status: 'Success',
      customer: {
        processingStatus: 'Merged',
        ids: { mindboxId: 79368, empty: '' },
        email: 'nikitin-test@mindbox.ru',
        mobilePhone: 79374134389,
        sex: 'male',
        isEmailInvalid: true,
        subscriptions: [{ pointOfContact: 'Sms', topic: 'Main', isSubscribed: true }],
        customFields: { city: 'Москва' },
      },
    });
    expect(customer).toMatchObject({
      processingStatus: 'unknown',
      rawProcessingStatus: 'Merged',
      found: false,
      ids: { mindboxId: '79368' },
      mobilePhone: '79374134389',
      subscriptions: [{ pointOfContact: 'Sms', topic: 'Main', isSubscribed: true, brand: undefined }],
      customFields: { city: 'Москва' },
      raw: expect.objectContaining({ isEmailInvalid: true }),
    });
  });
});

describe('parseBalancesResponse', () => {
  it('reads both spellings of the amounts and both places of the system name', () => {
    const balances = parseBalancesResponse({
      status: 'Success',
      balances: [
        {
          totalValue: 100,
          availableValue: 80,
          blockedValue: 20,
          balanceType: { ids: { systemName: 'Main' }, name: 'Основной' },
        },
        { total: '5', available: 5, blocked: 0, systemName: 'Promo', nearestExpiration: { amount: 5 } },
      ],
    });
    expect(balances).toEqual([
      expect.objectContaining({
        systemName: 'Main',
        name: 'Основной',
        total: 100,
        available: 80,
        blocked: 20,
      }),
      expect.objectContaining({ systemName: 'Promo', total: 5, available: 5, blocked: 0 }),
    ]);
    expect(balances[1].raw).toHaveProperty('nearestExpiration');
  });

  it('reads balances under customer too', () => {
    expect(
      parseBalancesResponse({
        customer: { processingStatus: 'Found', balances: [{ systemName: 'Main', available: 3 }] },
      }),
    ).toEqual([expect.objectContaining({ systemName: 'Main', available: 3 })]);
    expect(parseBalancesResponse({ status: 'Success' })).toEqual([]);
  });
});
