import { createHmac } from 'node:crypto';

/** The simple-connection token: HMAC-SHA256 of the new API key with the module secret, hex. */
export function registerToken(secret: string, apiKey: string): string {
  return createHmac('sha256', secret).update(apiKey).digest('hex');
}

/**
 * Where the CRM posts a module action: an absolute URL as is, a relative one appended to the
 * module's `baseUrl` (keeping any path the base has).
 */
export function actionUrl(baseUrl: string, action: string): string {
  if (/^https?:\/\//i.test(action)) return action;
  return `${baseUrl.replace(/\/+$/, '')}/${action.replace(/^\/+/, '')}`;
}
