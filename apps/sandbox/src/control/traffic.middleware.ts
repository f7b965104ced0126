import { randomUUID } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { FaultInjector } from './faults.service';
import { RequestLog, Side } from './request-log.service';

const HOLD_MS = 120_000;

/** Which simulated API a path belongs to, its operation and tenant. */
export function classify(req: Request): { side: Side; operation: string; tenant?: string } | undefined {
  const path = req.originalUrl.split('?')[0];
  const crm = /^\/crm\/([^/]+)(\/.*)?$/.exec(path);
  if (crm) return { side: 'retailcrm', operation: crm[2] ?? '/', tenant: crm[1] };
  if (path.startsWith('/mindbox/')) {
    const operation =
      typeof req.query.operation === 'string' ? req.query.operation : path.slice('/mindbox'.length);
    const tenant = typeof req.query.endpointId === 'string' ? req.query.endpointId : undefined;
    return { side: 'mindbox', operation, tenant };
  }
  return undefined;
}

/**
 * Logs every request to the simulated APIs and applies the injected faults before the
 * simulator sees them.
 */
@Injectable()
export class TrafficMiddleware implements NestMiddleware {
  constructor(
    private readonly log: RequestLog,
    private readonly faults: FaultInjector,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const target = classify(req);
    if (!target) return next();
    const entry = this.log.record({
      ...target,
      method: req.method,
      path: req.originalUrl.split('?')[0],
      transactionId: typeof req.query.transactionId === 'string' ? req.query.transactionId : undefined,
      query: { ...req.query },
      body: req.body,
    });
    res.on('finish', () => (entry.status = res.statusCode));

    const fault = this.faults.take(target.side, target.operation, target.tenant);
    if (!fault) return next();
    switch (fault.kind) {
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1_000));
        return next();
      case 'status':
        res
          .status(fault.status ?? 503)
          .json(fault.body ?? defaultFaultBody(target.side, fault.status ?? 503));
        return;
      case 'timeout': {
        // Never answer; free the socket once the client has surely given up.
        const timer = setTimeout(() => req.socket.destroy(), HOLD_MS);
        req.socket.once('close', () => clearTimeout(timer));
        return;
      }
      case 'drop':
        req.socket.destroy();
        return;
    }
  }
}

function defaultFaultBody(side: Side, status: number): Record<string, unknown> {
  if (side === 'retailcrm') {
    return status === 503 || status === 429
      ? { success: false, errorMsg: 'Rate limit exceeded' }
      : { success: false, errorMsg: 'Internal error' };
  }
  // Mindbox refuses with a ProtocolError (4xx, 429 included) and fails with an InternalServerError
  // (protocol-error-401.json has the code as a number, internal-server-error-503.json as a string).
  return status >= 400 && status < 500
    ? {
        status: 'ProtocolError',
        errorMessage: 'Injected fault',
        errorId: randomUUID(),
        httpStatusCode: status,
      }
    : {
        status: 'InternalServerError',
        errorMessage: 'Temporary unavailability',
        errorId: randomUUID(),
        httpStatusCode: String(status),
      };
}
