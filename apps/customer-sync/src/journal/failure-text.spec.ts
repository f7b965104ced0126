import {
  MindboxAuthError,
  MindboxUnavailableError,
  MindboxValidationError,
  parseEnvelope,
} from '@app/mindbox';
import { RetailCrmAuthError } from '@app/retailcrm';
import { mindboxFixture } from '../../../../test/customer-sync/fixtures';
import { describeFailure, fieldLabel } from './failure-text';

const context = { operation: 'Website.RegisterCustomer', endpointId: 'shop', attempts: 1 };

describe('describeFailure', () => {
  it("names the fields of Mindbox's validation-error.json the way the settings page does", () => {
    const { validationMessages } = parseEnvelope(mindboxFixture('validation-error.json'));
    const failure = describeFailure(new MindboxValidationError(context, validationMessages));
    expect(failure.retryable).toBe(false);
    expect(failure.problems).toEqual([
      {
        field: 'E-mail',
        message: '"mymail" не является корректным адресом электронной почты.',
        location: '/customer/email',
      },
      { message: 'Заполните хотя бы один контакт.' },
    ]);
    expect(failure.text).toContain('Mindbox did not accept the customer');
    expect(failure.text).toContain('E-mail: "mymail"');
  });

  it('tells what to check for configuration errors, and that outages pass', () => {
    expect(describeFailure(new MindboxAuthError(context, 'authentication refused')).text).toContain(
      '"Mindbox access" tab',
    );
    expect(describeFailure(new RetailCrmAuthError({ host: 'h', method: 'GET', path: '/p' })).text).toContain(
      '"Access" tab',
    );
    const outage = describeFailure(
      new MindboxUnavailableError(context, 'server-error', 'unavailable (HTTP 503)'),
    );
    expect(outage.retryable).toBe(true);
    expect(outage.text).toContain('Mindbox is unavailable');
  });

  it('labels nested locations', () => {
    expect(fieldLabel(['customer', 'customFields', 'City'])).toBe('Additional field City');
    expect(fieldLabel(['customer', 'ids', 'retailcrmId'])).toBe('Customer id (retailcrmId)');
    expect(fieldLabel(['customer', 'subscriptions', '0', 'pointOfContact'])).toBe('Subscriptions');
    expect(fieldLabel(['mobilePhone'])).toBe('Phone');
    expect(fieldLabel([])).toBeUndefined();
  });
});
