import { protocolError, readSecretKey } from './answers';

describe('readSecretKey', () => {
  it('reads the current and the legacy Authorization schemes', () => {
    expect(readSecretKey('SecretKey abc123')).toBe('abc123');
    expect(readSecretKey('Mindbox secretKey="abc123"')).toBe('abc123');
  });

  it('finds no key in a missing or other header', () => {
    expect(readSecretKey(undefined)).toBeUndefined();
    expect(readSecretKey('Bearer abc123')).toBeUndefined();
    expect(readSecretKey('SecretKey ')).toBeUndefined();
  });
});

describe('protocolError', () => {
  it('answers the documented body with the HTTP code as a number', () => {
    expect(protocolError(401, 'no key')).toEqual({
      httpStatus: 401,
      body: {
        status: 'ProtocolError',
        errorMessage: 'no key',
        errorId: expect.any(String),
        httpStatusCode: 401,
      },
    });
  });
});
