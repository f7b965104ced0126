import { IntegrationModuleRegistry } from './integration-modules';

const registration = {
  code: 'mindbox-7',
  integrationCode: 'mindbox',
  name: 'Mindbox',
  clientId: 'secret-client-id',
  baseUrl: 'https://module.example/',
  actions: { activity: '/activity' },
  freeze: true,
};

describe('IntegrationModuleRegistry', () => {
  let sut: IntegrationModuleRegistry;

  beforeEach(() => {
    sut = new IntegrationModuleRegistry();
  });

  it('creates a module, then updates it, and shows it without its clientId', () => {
    expect(sut.edit('mindbox-7', registration)).toEqual({ created: true });
    expect(sut.edit('mindbox-7', { accountUrl: 'https://module.example/settings' })).toEqual({
      created: false,
    });

    expect(sut.get('mindbox-7')).toEqual({
      code: 'mindbox-7',
      integrationCode: 'mindbox',
      active: true,
      freeze: false,
      name: 'Mindbox',
      native: false,
      baseUrl: 'https://module.example/',
      actions: { activity: '/activity' },
      availableCountries: [],
      integrations: {},
      accountUrl: 'https://module.example/settings',
    });
    expect(sut.all()[0].clientId).toBe('secret-client-id');
  });

  it('refuses a code that does not start with the integrationCode', () => {
    expect(() => sut.edit('other-1', { integrationCode: 'mindbox' })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({ errors: { code: 'Code prefix must match integrationCode' } }),
      }),
    );
  });

  it('refuses to activate a module in an unpaid account, with errors as a list', () => {
    sut.billingBlocked = true;

    expect(() => sut.edit('mindbox-7', registration)).toThrow(
      expect.objectContaining({
        status: 400,
        body: {
          success: false,
          errorMsg: 'Failed to activate module',
          errors: ['Your account has insufficient funds to activate integration module'],
        },
      }),
    );
    expect(sut.edit('mindbox-7', { ...registration, active: false })).toEqual({ created: true });
  });
});
