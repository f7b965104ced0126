import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';

/**
 * Hosts RetailCRM accounts live on (reference §1.1): the settings page is opened inside the
 * CRM's iframe, so these may frame it.
 */
export const RETAILCRM_FRAME_ANCESTORS = [
  'https://*.retailcrm.ru',
  'https://*.retailcrm.pro',
  'https://*.retailcrm.es',
  'https://*.retailcrm.io',
  'https://*.simla.com',
];

const base: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      // Vue and Swagger UI set inline styles.
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'self'", ...RETAILCRM_FRAME_ANCESTORS],
    },
  },
  // X-Frame-Options can name one origin at most; frame-ancestors above replaces it.
  frameguard: false,
  // The settings page URL holds the clientId: never send it along as a referrer.
  referrerPolicy: { policy: 'no-referrer' },
};

const pages = helmet(base);
// The order-card extension's script is loaded by RetailCRM's pages, another origin.
const embed = helmet({ ...base, crossOriginResourcePolicy: { policy: 'cross-origin' } });

/**
 * Security headers of every answer (helmet), with a CSP that lets the settings page run in the
 * RetailCRM iframe; answers of the API are not cached, since they carry settings.
 */
export function securityHeaders(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
    (request.path.startsWith('/embed/') ? embed : pages)(request, response, next);
  };
}
