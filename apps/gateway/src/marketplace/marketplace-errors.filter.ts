import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Answers the CRM's callbacks in RetailCRM's own error shape, `{success: false, errorMsg}`, with
 * the field problems (if any) both in the text and as `errors`.
 */
@Catch(HttpException)
export class MarketplaceErrorsFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { message, errors } = describe(exception);
    const details = errors ? Object.values(errors) : [];
    response.status(exception.getStatus()).json({
      success: false,
      errorMsg: details.length > 0 ? `${message}: ${details.join('; ')}` : message,
      ...(errors ? { errors } : {}),
    });
  }
}

function describe(exception: HttpException): { message: string; errors?: Record<string, string> } {
  const body = exception.getResponse();
  if (typeof body === 'string') return { message: body };
  const { message, errors } = body as { message?: unknown; errors?: Record<string, string> };
  const text = Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
  return { message: text, errors };
}
