import { createHmac } from 'node:crypto';
import { isValidRegisterToken, registerToken } from './register-token';

describe('register token', () => {
  const secret = 'module-secret-for-tests';
  const apiKey = 'a1b2c3d4e5f6';

  it('is HMAC-SHA256 of the API key with the module secret, in hex', () => {
    expect(registerToken(secret, apiKey)).toBe(createHmac('sha256', secret).update(apiKey).digest('hex'));
  });

  it('accepts the token of the key, in either case of hex', () => {
    const token = registerToken(secret, apiKey);
    expect(isValidRegisterToken(secret, apiKey, token)).toBe(true);
    expect(isValidRegisterToken(secret, apiKey, token.toUpperCase())).toBe(true);
  });

  it.each([
    ['another secret', registerToken('another-secret-xyz', apiKey)],
    ['another key', registerToken(secret, 'another-key')],
    ['a cut token', registerToken(secret, apiKey).slice(0, 63)],
    ['a longer token', `${registerToken(secret, apiKey)}00`],
    ['not hex', 'z'.repeat(64)],
    ['nothing', ''],
  ])('refuses the token of %s', (_case, token) => {
    expect(isValidRegisterToken(secret, apiKey, token)).toBe(false);
  });
});
