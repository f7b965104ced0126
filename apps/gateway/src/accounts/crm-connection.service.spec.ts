import { UnprocessableEntityException } from '@nestjs/common';
import { LocalRateBudget } from '@app/common/rate-budget/rate-budget';
import { RetailCrmClientFactory } from '@app/retailcrm';
import { SecretBox } from '@app/settings';
import type { GatewayConfig } from '../gateway.config';
import { CrmConnectionService } from './crm-connection.service';

// With ALLOW_PRIVATE_URLS off (production), addresses inside the module's own network are
// refused before any request leaves.
describe('CrmConnectionService with private URLs not allowed', () => {
  const sut = new CrmConnectionService(
    new RetailCrmClientFactory(new LocalRateBudget()),
    new SecretBox('0'.repeat(64)),
    { allowPrivateUrls: false } as GatewayConfig,
  );

  async function refusal(url: string): Promise<Record<string, string>> {
    try {
      await sut.check(url, 'some-api-key');
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableEntityException);
      return ((error as UnprocessableEntityException).getResponse() as { errors: Record<string, string> })
        .errors;
    }
    throw new Error(`${url} was not refused`);
  }

  it.each([
    ['plain http', 'http://shop.retailcrm.ru', /https:\/\//],
    ['loopback', 'https://127.0.0.1:3200/crm/demo', /private or loopback/],
    ['a private network', 'https://10.1.2.3', /private or loopback/],
    ['cloud metadata', 'https://169.254.169.254', /private or loopback/],
    ['IPv6 loopback', 'https://[::1]', /private or loopback/],
  ])('refuses %s, naming retailcrmUrl', async (_case, url, reason) => {
    expect(await refusal(url)).toEqual({ retailcrmUrl: expect.stringMatching(reason) });
  });
});
