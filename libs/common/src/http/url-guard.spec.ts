import { assertAllowedUrl, ForbiddenUrlError, isPrivateAddress } from './url-guard';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2a00:1450:4010:c05::65', '::ffff:8.8.8.8'])('accepts %s', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('assertAllowedUrl', () => {
  it.each([
    ['http://shop.example.com', /https/],
    ['https://127.0.0.1/api', /private or loopback/],
    ['https://localhost:3200', /private or loopback/],
    ['https://[::1]/', /private or loopback/],
    ['https://169.254.169.254/latest/meta-data', /private or loopback/],
    ['https://user:pass@shop.example.com', /user or password/],
    ['ftp://shop.example.com', /https/],
    ['not a url', /not a URL/],
    ['https://no-such-host.invalid', /does not resolve/],
  ])('refuses %s', async (url, reason) => {
    await expect(assertAllowedUrl(url, false)).rejects.toThrow(ForbiddenUrlError);
    await expect(assertAllowedUrl(url, false)).rejects.toThrow(reason);
  });

  it('accepts a public https address given as an IP', async () => {
    await expect(assertAllowedUrl('https://93.184.216.34/api', false)).resolves.toBeInstanceOf(URL);
  });

  it('accepts the sandbox on loopback only when private URLs are allowed', async () => {
    await expect(assertAllowedUrl('http://127.0.0.1:3200/crm/demo', true)).resolves.toBeInstanceOf(URL);
    await expect(assertAllowedUrl('file:///etc/passwd', true)).rejects.toThrow(/http\(s\)/);
  });
});
