import { InvalidEnvironmentError, validateEnv } from '@app/common/config/validate-env';
import { GatewayAppEnv } from './gateway.env';

describe('GatewayAppEnv', () => {
  it('is the one class that checks every gateway variable: the feed, the throttle and the common ones', () => {
    const values = validateEnv(GatewayAppEnv)({ FEED_REFRESH_MS: '60000', THROTTLE_LIMIT: '5' });
    expect(values).toMatchObject({ FEED_REFRESH_MS: 60_000, THROTTLE_LIMIT: 5, PORT: 3000 });
  });

  it('names every wrong variable in one error, a feed variable among them', () => {
    const check = () => validateEnv(GatewayAppEnv)({ FEED_REFRESH_MS: '10', THROTTLE_LIMIT: '0', PORT: 'x' });
    expect(check).toThrow(InvalidEnvironmentError);
    expect(check).toThrow(/FEED_REFRESH_MS/);
    expect(check).toThrow(/THROTTLE_LIMIT/);
    expect(check).toThrow(/PORT/);
  });
});
