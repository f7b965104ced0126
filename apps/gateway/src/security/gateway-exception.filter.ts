import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { throwError } from 'rxjs';
import { redactSecrets } from './redact';

/** An error of the HTTP stack (body-parser's 413, bad JSON 400) that says what the client did wrong. */
interface ClientHttpError {
  status: number;
  message: string;
  expose?: boolean;
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as Partial<ClientHttpError> | null;
  return (
    typeof candidate?.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    candidate.expose === true &&
    typeof candidate.message === 'string'
  );
}

/**
 * The last word on every HTTP error: known errors keep their status and body; anything else is
 * answered 500 `{message: "Internal error"}` and logged with secrets redacted, so no answer ever
 * carries a stack trace, a query or a key. Message handlers' errors are given back to their
 * transport, which owns retries.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) this.logger.warn(`answered ${status}: ${redactSecrets(exception.message)}`);
      const body = exception.getResponse();
      response.status(status).json(typeof body === 'string' ? { message: body } : body);
      return;
    }
    if (isClientHttpError(exception)) {
      response.status(exception.status).json({ message: exception.message });
      return;
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(
      `unhandled ${error.name}: ${redactSecrets(error.message)}\n${redactSecrets(error.stack ?? '')}`,
    );
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ message: 'Internal error' });
  }
}
