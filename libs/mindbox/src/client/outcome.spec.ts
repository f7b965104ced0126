import { mindboxFixture } from '../../test/fixtures';
import { classifyOutcome } from './outcome';

describe('classifyOutcome', () => {
  it.each([
    [200, 'calculate-response-coupon.json', { kind: 'success', alreadyProcessed: false }],
    [200, 'customer-not-found.json', { kind: 'success', alreadyProcessed: false }],
    [200, 'transaction-already-processed.json', { kind: 'success', alreadyProcessed: true }],
    [200, 'validation-error.json', { kind: 'validation' }],
    [401, 'protocol-error-401.json', { kind: 'auth', status: 401 }],
    [200, 'protocol-error-401.json', { kind: 'auth', status: 401 }],
    [503, 'internal-server-error-503.json', { kind: 'unavailable', reason: 'server-error', status: 503 }],
    [200, 'internal-server-error-503.json', { kind: 'unavailable', reason: 'server-error', status: 503 }],
  ])('HTTP %i with %s', (http, name, expected) => {
    expect(classifyOutcome(http, mindboxFixture(name))).toMatchObject(expected);
  });

  it.each([
    [400, { kind: 'bad-request', status: 400 }],
    [403, { kind: 'auth', status: 403 }],
    [404, { kind: 'not-found', status: 404 }],
    [409, { kind: 'protocol', status: 409 }],
    [301, { kind: 'protocol', status: 301 }],
    [429, { kind: 'unavailable', reason: 'rate-limited', status: 429 }],
    [500, { kind: 'unavailable', reason: 'server-error', status: 500 }],
    [502, { kind: 'unavailable', reason: 'server-error', status: 502 }],
    [504, { kind: 'unavailable', reason: 'server-error', status: 504 }],
  ])('HTTP %i without a Mindbox body', (http, expected) => {
    expect(classifyOutcome(http, undefined)).toMatchObject(expected);
  });

  it('classifies a ValidationError by its status whatever the HTTP code', () => {
    expect(classifyOutcome(500, mindboxFixture('validation-error.json'))).toMatchObject({
      kind: 'validation',
    });
  });

  it('reads httpStatusCode of a 200 error body as a string or a number', () => {
    expect(classifyOutcome(200, { status: 'ProtocolError', httpStatusCode: '429' })).toMatchObject({
      kind: 'unavailable',
      reason: 'rate-limited',
      status: 429,
    });
    expect(classifyOutcome(200, { status: 'ProtocolError', httpStatusCode: 404 })).toMatchObject({
      kind: 'not-found',
    });
  });

  it('treats a 200 InternalServerError without a code as 500, a ProtocolError without one as not retryable', () => {
    expect(classifyOutcome(200, { status: 'InternalServerError' })).toMatchObject({
      kind: 'unavailable',
      status: 500,
    });
    expect(classifyOutcome(200, { status: 'ProtocolError', httpStatusCode: '{код}' })).toMatchObject({
      kind: 'protocol',
      status: undefined,
    });
  });

  it('calls a 2xx without a known status an invalid response', () => {
    expect(classifyOutcome(200, undefined)).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(classifyOutcome(200, { status: 'Queued' })).toMatchObject({ kind: 'invalid-response' });
  });
});
