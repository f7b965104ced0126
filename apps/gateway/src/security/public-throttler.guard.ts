import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Whether a request goes to an endpoint anyone may call without a clientId: the module callbacks
 * (`/retailcrm/*`), the trigger hooks (`/hooks/*`), the product feeds (`/feeds/*`) and the manual
 * connection. Express routes
 * ignore case and a trailing slash, so the check does too.
 */
export function isPublicEndpoint(method: string, path: string): boolean {
  const normalised = path.toLowerCase().replace(/\/+$/, '');
  return (
    normalised.startsWith('/retailcrm/') ||
    normalised.startsWith('/hooks/') ||
    normalised.startsWith('/feeds/') ||
    (method.toUpperCase() === 'POST' && normalised === '/api/v1/accounts')
  );
}

/**
 * What a request is counted under: its client IP, and the account it names when it names one
 * (a hook token, a callback's clientId). RetailCRM calls hooks and callbacks of every shop from
 * the same few servers, so counting by IP alone would let one busy shop use up all the others'
 * requests; the connection endpoints, which name no account, are counted by IP.
 */
export function throttleKeyOf(ip: string, path: string, body: unknown): string {
  const hook = /^\/(hooks|feeds)\/([^/]{1,128})/i.exec(path);
  if (hook) return `${ip}|${hook[1].toLowerCase()}:${hook[2]}`;
  const clientId = (body as { clientId?: unknown } | undefined)?.clientId;
  if (typeof clientId === 'string' && /^[0-9a-f]{64}$/i.test(clientId)) {
    return `${ip}|client:${clientId.toLowerCase()}`;
  }
  return ip;
}

/**
 * Limits requests (THROTTLE_LIMIT per THROTTLE_TTL_MS) on the public endpoints, by
 * {@link throttleKeyOf}; the authenticated API, health and metrics are not counted. Counters live
 * in the replica's memory, so the effective limit is per replica.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    return !isPublicEndpoint(request.method, request.path);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { ip, path, body } = request as unknown as Request;
    return throttleKeyOf(ip ?? 'unknown', path, body);
  }
}
