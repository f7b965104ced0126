import { actionUrl, registerToken } from './marketplace';

describe('registerToken', () => {
  it('is the hex HMAC-SHA256 of the API key with the module secret', () => {
    // The RFC-style reference pair for HMAC-SHA256 ("key", the quick brown fox).
    expect(registerToken('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});

describe('actionUrl', () => {
  it('appends a relative action to the base URL, keeping its path', () => {
    expect(actionUrl('https://module.example/', '/actions/activity')).toBe(
      'https://module.example/actions/activity',
    );
    expect(actionUrl('http://127.0.0.1:3000/retailcrm', 'activity')).toBe(
      'http://127.0.0.1:3000/retailcrm/activity',
    );
  });

  it('takes an absolute action as it is', () => {
    expect(actionUrl('https://a.example', 'https://b.example/hook')).toBe('https://b.example/hook');
  });
});
