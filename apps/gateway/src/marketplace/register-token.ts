import { createHmac, timingSafeEqual } from 'node:crypto';

/** The simple-connection token RetailCRM sends with a new key: HMAC-SHA256(module secret, apiKey), hex. */
export function registerToken(secret: string, apiKey: string): string {
  return createHmac('sha256', secret).update(apiKey).digest('hex');
}

/** Whether `token` is the register token of `apiKey`, compared in constant time. */
export function isValidRegisterToken(secret: string, apiKey: string, token: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(token)) return false;
  const expected = createHmac('sha256', secret).update(apiKey).digest();
  return timingSafeEqual(expected, Buffer.from(token, 'hex'));
}
