import { InvalidEnvironmentError } from '@app/common/config/validate-env';
import { FeedsConfig } from './feeds.config';

describe('FeedsConfig', () => {
  it('takes the defaults and reads what is set', () => {
    const sut = new FeedsConfig({ FEED_REFRESH_MS: '60000', FEED_BUILDER_ENABLED: 'false' });
    expect(sut).toMatchObject({
      refreshMs: 60_000,
      builderEnabled: false,
      tickMs: 5_000,
      crmRequestGapMs: 250,
    });
  });

  it('stops the boot with a message naming a bad variable', () => {
    expect(() => new FeedsConfig({ FEED_REFRESH_MS: '10' })).toThrow(InvalidEnvironmentError);
    expect(() => new FeedsConfig({ FEED_REFRESH_MS: '10' })).toThrow(/FEED_REFRESH_MS/);
    expect(() => new FeedsConfig({ FEED_CONCURRENT_BUILDS: 'many' })).toThrow(/FEED_CONCURRENT_BUILDS/);
  });
});
