import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { METRICS_PATH } from './metrics.constants';
import { MetricsService } from './metrics.service';

/** Observes `http_request_duration_seconds` for every request except the scrape itself. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // originalUrl: `req.path` is relative to the path this middleware is mounted on.
    if (req.originalUrl.split('?')[0] === METRICS_PATH) return next();
    const stop = this.metrics.httpRequestDuration.startTimer();
    // Nest mounts this middleware as an express route of its own, so `req.route` is ours until
    // a controller route matches; still ours at the end means nothing matched.
    const ownRoute: unknown = req.route;
    res.once('finish', () => {
      const route = req.route === ownRoute ? undefined : routePattern(req.route);
      stop({ method: req.method, route: route ?? 'unmatched', status_code: res.statusCode });
    });
    next();
  }
}

// The route pattern (`/accounts/:id`), never the raw URL, keeps the label set bounded. Nest
// registers routes with their full path (global prefix included) on the app router.
function routePattern(route: unknown): string | undefined {
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string') {
    return route.path;
  }
  return undefined;
}
