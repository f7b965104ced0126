import { ForbiddenUrlError } from '@app/common/http/url-guard';
import {
  RetailCrmApiError,
  RetailCrmAuthError,
  RetailCrmNotAnAccountError,
  RetailCrmRateLimitedError,
  RetailCrmTimeoutError,
} from '@app/retailcrm';
import { crmProblemOf, missingScopes, normaliseAccountUrl, REQUIRED_SCOPES } from './crm-connection.rules';

const failure = { host: 'shop.retailcrm.ru', method: 'GET', path: '/api/credentials' };

describe('CRM connection rules', () => {
  it('lists the scopes a key lacks', () => {
    expect(missingScopes([...REQUIRED_SCOPES])).toEqual([]);
    expect(missingScopes(['customer_read', 'order_read', 'user_read'])).toEqual([
      'customer_write',
      'order_write',
      'reference_read',
      'custom_fields_read',
      'custom_fields_write',
      'integration_read',
      'integration_write',
      'store_read',
    ]);
  });

  it.each([
    ['https://shop.retailcrm.ru', 'https://shop.retailcrm.ru'],
    ['https://shop.retailcrm.ru/', 'https://shop.retailcrm.ru'],
    ['  https://Shop.RetailCRM.ru//  ', 'https://shop.retailcrm.ru'],
    ['http://127.0.0.1:3200/crm/demo/', 'http://127.0.0.1:3200/crm/demo'],
  ])('stores %j as %j', (raw, stored) => {
    expect(normaliseAccountUrl(raw)).toBe(stored);
  });

  it.each([
    'shop.retailcrm.ru',
    'ftp://shop.retailcrm.ru',
    'https://user:pass@shop.retailcrm.ru',
    'https://shop.retailcrm.ru/?apiKey=secret-key',
    'https://shop.retailcrm.ru/#x',
  ])('refuses %j, naming retailcrmUrl without repeating it', (raw) => {
    const problem = normaliseAccountUrl(raw);
    expect(problem).toEqual({ field: 'retailcrmUrl', message: expect.any(String) });
    expect(JSON.stringify(problem)).not.toContain('secret-key');
  });

  it('tells which field a failed check is about', () => {
    expect(crmProblemOf(new RetailCrmAuthError({ ...failure, status: 403 }))?.field).toBe('apiKey');
    expect(crmProblemOf(new RetailCrmNotAnAccountError({ ...failure, status: 404 }))?.field).toBe(
      'retailcrmUrl',
    );
    expect(crmProblemOf(new RetailCrmTimeoutError(failure))?.field).toBe('retailcrmUrl');
    expect(crmProblemOf(new RetailCrmRateLimitedError({ ...failure, status: 503 }))?.field).toBe(
      'retailcrmUrl',
    );
    expect(crmProblemOf(new RetailCrmApiError({ ...failure, status: 400, errorMsg: 'Nope' }))).toEqual({
      field: 'apiKey',
      message: expect.stringContaining('Nope'),
    });
    const forbidden = crmProblemOf(new ForbiddenUrlError('http://10.0.0.1', 'must start with https://'));
    expect(forbidden).toEqual({
      field: 'retailcrmUrl',
      message: 'The RetailCRM address must start with https://',
    });
    expect(crmProblemOf(new TypeError('a bug'))).toBeNull();
  });
});
