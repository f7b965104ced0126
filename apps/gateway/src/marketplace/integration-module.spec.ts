import { integrationModuleOf, moduleCodeOf } from './integration-module';

describe('integration module registration', () => {
  const installation = {
    publicUrl: 'https://mindbox.example.com',
    integrationCode: 'mindbox-sync',
    accountId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
    clientId: 'c'.repeat(64),
    accountUrl: `https://mindbox.example.com/settings/${'c'.repeat(64)}`,
  };

  it('codes the installation as the integration code plus a short suffix of the account id', () => {
    expect(moduleCodeOf('mindbox-sync', installation.accountId)).toBe('mindbox-sync-3f2504e04f89');
    expect(moduleCodeOf('mindbox-sync', installation.accountId)).toBe(
      moduleCodeOf('mindbox-sync', installation.accountId.toLowerCase()),
    );
  });

  it('registers callbacks, the settings page and the order-card extension', () => {
    expect(integrationModuleOf(installation)).toEqual({
      code: 'mindbox-sync-3f2504e04f89',
      integrationCode: 'mindbox-sync',
      active: true,
      name: 'Mindbox',
      clientId: installation.clientId,
      baseUrl: 'https://mindbox.example.com',
      accountUrl: installation.accountUrl,
      actions: { activity: '/retailcrm/activity', settings: '/retailcrm/settings' },
      integrations: {
        embedJs: {
          entrypoint: 'https://mindbox.example.com/embed/order-card.js',
          stylesheet: 'https://mindbox.example.com/embed/order-card.css',
          targets: ['order/card:common.after'],
          runner: 'worker',
        },
      },
    });
  });
});
