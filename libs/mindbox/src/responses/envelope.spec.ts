import { mindboxFixture } from '../../test/fixtures';
import { parseEnvelope, parseHttpStatusCode, parseValidationLocation } from './envelope';

describe('parseEnvelope', () => {
  it.each([
    ['calculate-response-coupon.json', { status: 'Success' }],
    ['customer-found.json', { status: 'Success' }],
    ['customer-not-found.json', { status: 'Success' }],
    ['transaction-already-processed.json', { status: 'TransactionAlreadyProcessed' }],
    [
      'internal-server-error-503.json',
      {
        status: 'InternalServerError',
        errorMessage: 'Temporary unavailability',
        errorId: '0f7c2a51-9d4e-4b1f-8c33-6a2d9e1b5f70',
        httpStatusCode: 503,
      },
    ],
    [
      'protocol-error-401.json',
      {
        status: 'ProtocolError',
        errorMessage: 'Bad request',
        errorId: '5b9a3d0e-6f1c-4a55-9a43-2f3a1b7f0c11',
        httpStatusCode: 401,
      },
    ],
  ])('reads %s', (name, expected) => {
    const fixture = mindboxFixture(name);
    expect(parseEnvelope(fixture)).toMatchObject({ ...expected, raw: fixture });
  });

  it('reads the validation messages of validation-error.json', () => {
    expect(parseEnvelope(mindboxFixture('validation-error.json'))).toMatchObject({
      status: 'ValidationError',
      validationMessages: [
        { location: '/customer/email', path: ['customer', 'email'] },
        { message: 'Заполните хотя бы один контакт.', path: [] },
      ],
    });
  });

  it('keeps an unknown status as "unknown" with its text, and reads non-objects as unknown', () => {
    expect(parseEnvelope({ status: 'PartiallyProcessed' })).toMatchObject({
      status: 'unknown',
      rawStatus: 'PartiallyProcessed',
    });
    expect(parseEnvelope(undefined)).toMatchObject({ status: 'unknown', rawStatus: undefined, raw: {} });
    expect(parseEnvelope(['Success'])).toMatchObject({ status: 'unknown' });
  });

  it('skips validation messages without a message', () => {
    const envelope = parseEnvelope({
      status: 'ValidationError',
      validationMessages: [{ location: '/x' }, 'text', { message: 'kept', location: 'customer.mobilePhone' }],
    });
    expect(envelope.validationMessages).toEqual([
      { message: 'kept', location: 'customer.mobilePhone', path: ['customer', 'mobilePhone'] },
    ]);
  });
});

describe('parseHttpStatusCode', () => {
  it('takes the code as a string (docs) or a number (SDKs)', () => {
    expect(parseHttpStatusCode('503')).toBe(503);
    expect(parseHttpStatusCode(' 401 ')).toBe(401);
    expect(parseHttpStatusCode(401)).toBe(401);
  });

  it.each([undefined, null, '', '{код}', 'abc', 42, 600, 503.5, {}])('ignores %p', (value) => {
    expect(parseHttpStatusCode(value)).toBeUndefined();
  });
});

describe('parseValidationLocation', () => {
  it('splits the xpath, dotted and bare forms alike', () => {
    expect(parseValidationLocation('/customer/email')).toEqual(['customer', 'email']);
    expect(parseValidationLocation('customer.email')).toEqual(['customer', 'email']);
    expect(parseValidationLocation('email')).toEqual(['email']);
    expect(parseValidationLocation(undefined)).toEqual([]);
  });
});
