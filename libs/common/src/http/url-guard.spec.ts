import fc from 'fast-check';
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
    ['not-a-url', /not a URL/],
    ['https://shop.example.com/\n', /line breaks/],
    ['https://[::7f00:1]/', /private or loopback/],
    ['https://[64:ff9b::a9fe:a9fe]/', /private or loopback/],
    ['https://[2002:7f00:1::]/', /private or loopback/],
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

describe('private addresses in any notation', () => {
  // An address of 127/8, 10/8, 169.254/16, 172.16/12 or 192.168/16 as four bytes.
  const privateIpv4 = fc.oneof(
    fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  );
  const hex = (byte: number) => byte.toString(16);
  const word = (high: number, low: number) => hex(high * 256 + low);
  // How a URL may spell one address: dotted, one number, hex or octal parts, IPv6 forms.
  const spellings = (bytes: number[]): string[] => {
    const [a, b, c, d] = bytes;
    const number = ((a * 256 + b) * 256 + c) * 256 + d;
    return [
      bytes.join('.'),
      String(number),
      `0x${hex(number)}`,
      `0x${hex(a)}.${b}.${c}.${d}`,
      `0${a.toString(8)}.${b}.${c}.${d}`,
      `${a}.${b * 65536 + c * 256 + d}`,
      `[::ffff:${bytes.join('.')}]`,
      `[::ffff:${word(a, b)}:${word(c, d)}]`,
      `[0:0:0:0:0:ffff:${word(a, b)}:${word(c, d)}]`,
      `[::${bytes.join('.')}]`,
      `[64:ff9b::${word(a, b)}:${word(c, d)}]`,
      `[2002:${word(a, b)}:${word(c, d)}::1]`,
    ];
  };

  it('refuses every spelling of a private IPv4 address, with or without a port', async () => {
    await fc.assert(
      fc.asyncProperty(privateIpv4, fc.nat(spellings([1, 2, 3, 4]).length - 1), async (bytes, pick) => {
        const host = spellings(bytes)[pick];
        await expect(assertAllowedUrl(`https://${host}:8443/api`, false)).rejects.toThrow(
          /private or loopback/,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses unique-local, link-local and site-local IPv6 addresses', () => {
    const prefixed = (first: number) =>
      fc
        .array(fc.nat(0xffff), { minLength: 7, maxLength: 7 })
        .map((rest) => [first, ...rest].map((w) => w.toString(16)).join(':'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0xfc00, max: 0xfdff }).chain(prefixed),
          fc.integer({ min: 0xfe80, max: 0xfeff }).chain(prefixed),
        ),
        (address) => expect(isPrivateAddress(address)).toBe(true),
      ),
    );
  });

  it('lets public addresses through in the embedding notations too', () => {
    for (const address of ['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2a00:1450:4010:c05::65'])
      expect(isPrivateAddress(address)).toBe(false);
  });

  it('takes the addresses a name resolves to from the resolver it is given', async () => {
    const rebound = async () => ['93.184.216.34', '127.0.0.1'];
    await expect(assertAllowedUrl('https://shop.example.com', false, rebound)).rejects.toThrow(/private/);
    await expect(assertAllowedUrl('https://shop.example.com', false, async () => [])).rejects.toThrow(
      /does not resolve/,
    );
  });
});
