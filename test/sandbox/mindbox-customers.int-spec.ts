import { MindboxCaller, SandboxUnderTest } from './mindbox-harness';

describe('Mindbox simulator: protocol and customers', () => {
  let sandbox: SandboxUnderTest;
  let mindbox: MindboxCaller;

  beforeAll(async () => {
    sandbox = await SandboxUnderTest.start();
  });

  beforeEach(async () => {
    await sandbox.request('POST', '/control/reset');
    const project = await sandbox.control('POST', '/projects', {
      endpointId: 'people',
      secretKey: 'people-key',
    });
    mindbox = sandbox.mindbox(project.endpointId, project.secretKey);
  });

  afterAll(() => sandbox.close());

  describe('protocol', () => {
    const check = { customer: { ids: { retailcrmId: '1' } } };

    it('takes the legacy Authorization scheme too', async () => {
      const answer = await mindbox.call('Website.CheckCustomer', check, {
        authorization: 'Mindbox secretKey="people-key"',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('Success');
    });

    it('answers a wrong key with 403, an unknown endpoint or operation with 400, all ProtocolError', async () => {
      const wrongKey = await mindbox.call('Website.CheckCustomer', check, {
        authorization: 'SecretKey nope',
      });
      const unknownOperation = await mindbox.call('Website.DoesNotExist', check);
      const unknownEndpoint = await sandbox
        .mindbox('nowhere', 'people-key')
        .call('Website.CheckCustomer', check);

      expect([wrongKey.status, unknownOperation.status, unknownEndpoint.status]).toEqual([403, 400, 400]);
      for (const answer of [wrongKey, unknownOperation, unknownEndpoint]) {
        expect(answer.body).toEqual({
          status: 'ProtocolError',
          errorMessage: expect.any(String),
          errorId: expect.any(String),
          httpStatusCode: answer.status,
        });
      }
    });

    it('uses the operation names the project is given', async () => {
      const project = await sandbox.control('PUT', '/projects/people/operations', {
        operations: { 'RetailCRM.GetCustomer': 'checkCustomer' },
      });
      expect(project.operations).toEqual({ 'RetailCRM.GetCustomer': 'checkCustomer' });

      expect((await mindbox.call('RetailCRM.GetCustomer', check)).body.status).toBe('Success');
      expect((await mindbox.call('Website.CheckCustomer', check)).status).toBe(400);
      const refused = await sandbox.request('PUT', '/control/mindbox/projects/people/operations', {
        operations: { 'RetailCRM.Anything': 'fly' },
      });
      expect(refused.status).toBe(400);
    });

    it('answers an async call with a bare Success and still applies it', async () => {
      const answer = await mindbox.call(
        'Website.RegisterCustomer',
        { customer: { ids: { retailcrmId: '9' }, email: 'nine@example.com' } },
        { mode: 'async', transactionId: 'async-9' },
      );
      expect(answer.body).toEqual({ status: 'Success' });
      expect(await sandbox.control('GET', '/projects/people/customers/retailcrmId/9')).toMatchObject({
        email: 'nine@example.com',
      });
    });

    it('logs each call with its operation, endpoint and transactionId', async () => {
      await mindbox.call('Website.CheckCustomer', check, { transactionId: 'logged-1' });
      const log = await sandbox.request(
        'GET',
        '/control/requests?side=mindbox&operation=Website.CheckCustomer',
      );
      expect(log.body.requests).toEqual([
        expect.objectContaining({ tenant: 'people', transactionId: 'logged-1', status: 200 }),
      ]);
    });
  });

  describe('customers', () => {
    it('import creates, edit changes, get-existing finds with the filled fields', async () => {
      const created = await mindbox.call('Website.RegisterCustomer', {
        customer: {
          ids: { retailcrmId: 42 },
          email: 'ivan@example.com',
          mobilePhone: '+7 (937) 413-43-89',
          firstName: 'Иван',
          subscriptions: [{ pointOfContact: 'Email', topic: 'Main', isSubscribed: true }],
        },
      });
      expect(created.body.customer).toEqual({
        processingStatus: 'Created',
        ids: { mindboxId: expect.any(String), retailcrmId: '42' },
      });

      const edited = await mindbox.call('Website.EditCustomer', {
        customer: {
          ids: { retailcrmId: '42' },
          lastName: 'Петров',
          firstName: '%CLEAR%',
          subscriptions: [{ pointOfContact: 'Email', topic: 'Main', isSubscribed: false }],
        },
      });
      const unchanged = await mindbox.call('Website.EditCustomer', {
        customer: { ids: { retailcrmId: '42' }, lastName: 'Петров' },
      });
      const missing = await mindbox.call('Website.EditCustomer', {
        customer: { ids: { retailcrmId: '43' }, lastName: 'X' },
      });
      expect(edited.body.customer.processingStatus).toBe('Changed');
      expect(unchanged.body.customer.processingStatus).toBe('NotChanged');
      expect(missing.body.customer).toEqual({ processingStatus: 'NotFound' });

      const found = await mindbox.call('Website.GetCustomerInfo', {
        customer: { ids: { mindboxId: created.body.customer.ids.mindboxId } },
      });
      expect(found.body.customer).toEqual({
        processingStatus: 'Found',
        ids: { mindboxId: created.body.customer.ids.mindboxId, retailcrmId: '42' },
        email: 'ivan@example.com',
        mobilePhone: '79374134389',
        lastName: 'Петров',
        isMobilePhoneConfirmed: false,
        subscriptions: [{ pointOfContact: 'Email', topic: 'Main', isSubscribed: false }],
        changeDateTimeUtc: expect.any(String),
      });
      const byEmail = await mindbox.call('Website.CheckCustomer', {
        customer: { email: 'IVAN@example.com' },
      });
      expect(byEmail.body.customer.ids.retailcrmId).toBe('42');
    });

    it('import of a customer already there edits it', async () => {
      await mindbox.call('Website.RegisterCustomer', {
        customer: { ids: { retailcrmId: '7' }, firstName: 'A' },
      });
      const again = await mindbox.call('Website.RegisterCustomer', {
        customer: { ids: { retailcrmId: '7' }, firstName: 'B' },
      });
      expect(again.body.customer.processingStatus).toBe('Changed');
    });

    it('lists every invalid field of a customer with its location', async () => {
      const answer = await mindbox.call('Website.RegisterCustomer', {
        customer: {
          ids: { retailcrmId: '8', crmId: '8' },
          mobilePhone: '12',
          sex: 'x',
          birthDate: '12.04.1982',
        },
      });
      expect(answer.body.validationMessages.map((m: { location: string }) => m.location)).toEqual([
        '/customer/ids/crmId',
        '/customer/mobilePhone',
        '/customer/birthDate',
        '/customer/sex',
      ]);
    });

    it('confirms a mobile phone with the project code', async () => {
      await sandbox.control('POST', '/projects/people/customers', {
        customers: [{ ids: { retailcrmId: '5' }, mobilePhone: '79001234567' }],
      });
      const confirm = (code: string) =>
        mindbox.call('Website.ConfirmMobilePhone', {
          customer: { ids: { retailcrmId: '5' } },
          smsConfirmation: { code },
        });

      expect((await confirm('0000')).body.smsConfirmation).toEqual({
        processingStatus: 'IncorrectConfirmationCode',
      });
      expect((await confirm('1234')).body.smsConfirmation).toEqual({
        processingStatus: 'MobilePhoneConfirmed',
      });
      expect((await confirm('1234')).body.smsConfirmation).toEqual({ processingStatus: 'AlreadyConfirmed' });
    });

    it('reads the balance as balances[]', async () => {
      await sandbox.control('POST', '/projects/people/customers', {
        customers: [{ ids: { retailcrmId: '6' }, balance: 250.5 }],
      });
      const answer = await mindbox.call('Website.GetCustomerBalance', {
        customer: { ids: { retailcrmId: '6' } },
      });
      expect(answer.body.balances).toEqual([
        {
          total: 250.5,
          available: 250.5,
          blocked: 0,
          systemName: 'Main',
          balanceType: { ids: { systemName: 'Main' }, name: 'Основной' },
        },
      ]);
    });
  });

  describe('control API', () => {
    it('adds many customers fast, each with a balance', async () => {
      const started = Date.now();
      const answer = await sandbox.control('POST', '/projects/people/customers', {
        generate: { count: 20_000, from: 1000, balance: 10 },
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(answer).toMatchObject({
        created: 20_000,
        generated: { idKey: 'retailcrmId', from: 1000, to: 20_999 },
      });
      expect(await sandbox.control('GET', '/projects/people/customers/retailcrmId/20999/balance')).toEqual({
        total: 10,
        available: 10,
        blocked: 0,
        spent: 0,
      });
    });

    it('validates its input and refuses duplicates', async () => {
      const bad = await sandbox.request('POST', '/control/mindbox/projects/people/coupon-pools', {
        kind: 'sometimes',
        codes: ['A'],
        discount: { kind: 'percent', value: 10 },
      });
      expect(bad.status).toBe(400);
      const duplicate = await sandbox.request('POST', '/control/mindbox/projects', { endpointId: 'people' });
      expect(duplicate.status).toBe(409);
      const unknownKey = await sandbox.request('POST', '/control/mindbox/projects/people/customers', {
        customers: [{ ids: { crmId: '1' } }],
      });
      expect(unknownKey.status).toBe(400);
      expect((await sandbox.request('GET', '/control/mindbox/projects/nowhere')).status).toBe(404);
    });

    it('forgets everything on POST /control/reset', async () => {
      await sandbox.request('POST', '/control/reset');
      expect((await sandbox.request('GET', '/control/mindbox/projects/people')).status).toBe(404);
    });
  });
});
