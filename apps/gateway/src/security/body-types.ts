import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** The bodies the gateway reads; the trigger hooks take any body and read none of it. */
const READ_TYPES = ['json', 'urlencoded'];

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Gives a request without a body an empty one, and answers 415 to a body of a type the gateway does not read (XML, multipart, plain text…) before a
 * handler sees an empty body in its place and fails on it. The hooks are left alone: RetailCRM's
 * triggers may send anything there.
 */
export function requireReadableBody(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!hasBody(request)) {
      // Express 5 leaves the body undefined when there is none; handlers read an empty form.
      request.body ??= {};
      next();
      return;
    }
    if (request.path.toLowerCase().startsWith('/hooks/') || request.is(READ_TYPES)) {
      next();
      return;
    }
    response.status(415).json({
      message: 'Send the body as application/json or application/x-www-form-urlencoded',
    });
  };
}
