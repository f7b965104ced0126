import { isPublicEndpoint, throttleKeyOf } from './public-throttler.guard';

describe('public endpoints (throttled)', () => {
  it.each([
    ['GET', '/retailcrm/config'],
    ['POST', '/retailcrm/register'],
    ['POST', '/RetailCRM/Activity'],
    ['POST', '/retailcrm/embed/promo-code'],
    ['POST', '/hooks/abc/orders'],
    ['GET', '/feeds/abc/products.yml'],
    ['POST', '/api/v1/accounts'],
    ['post', '/API/v1/accounts/'],
  ])('%s %s is public', (method, path) => {
    expect(isPublicEndpoint(method, path)).toBe(true);
  });

  it.each([
    ['GET', '/api/v1/settings'],
    ['GET', '/api/v1/accounts'],
    ['PUT', '/api/v1/settings/orders'],
    ['GET', '/health/ready'],
    ['GET', '/metrics'],
    ['GET', '/retailcrm'],
  ])('%s %s is not counted', (method, path) => {
    expect(isPublicEndpoint(method, path)).toBe(false);
  });
});

describe('throttle keys', () => {
  const clientId = 'A'.repeat(64);

  it('counts connection endpoints by client IP', () => {
    expect(throttleKeyOf('1.2.3.4', '/retailcrm/register', { register: '{}' })).toBe('1.2.3.4');
    expect(throttleKeyOf('1.2.3.4', '/api/v1/accounts', { retailcrmUrl: 'x' })).toBe('1.2.3.4');
  });

  it("counts hooks and callbacks by IP and the account they name, so shops do not share RetailCRM's IPs", () => {
    expect(throttleKeyOf('1.2.3.4', '/hooks/tok123/orders', {})).toBe('1.2.3.4|hooks:tok123');
    expect(throttleKeyOf('1.2.3.4', '/feeds/tok456/products.yml', {})).toBe('1.2.3.4|feeds:tok456');
    expect(throttleKeyOf('1.2.3.4', '/retailcrm/activity', { clientId })).toBe(
      `1.2.3.4|client:${'a'.repeat(64)}`,
    );
    expect(throttleKeyOf('1.2.3.4', '/retailcrm/activity', { clientId: 'short' })).toBe('1.2.3.4');
  });
});
