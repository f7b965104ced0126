import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CrmAccountNotFoundError, CrmError } from '../store/crm.errors';

/** What nginx answers for a domain with no account behind it (PHP client's ErrorTest fixture). */
export function accountNotFoundPage(status: number): string {
  const title = status === 405 ? '405 Not Allowed' : '404 Not Found';
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
}

/**
 * Answers errors of the simulated API as RetailCRM does: `{success: false, errorMsg, errors?}`
 * with the real status, and an HTML page (not JSON) for an unknown account.
 */
@Catch()
export class CrmApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('RetailCrmSimulator');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const method = http.getRequest<{ method: string }>().method;
    if (exception instanceof CrmAccountNotFoundError) {
      // GET reaches nginx's 404 page; other methods its "405 Not Allowed" page, as the fixture shows.
      const status = method === 'GET' || method === 'HEAD' ? 404 : 405;
      response.status(status).type('text/html; charset=utf-8').send(accountNotFoundPage(status));
      return;
    }
    if (exception instanceof CrmError) {
      response.status(exception.status).json(exception.body);
      return;
    }
    if (exception instanceof HttpException) {
      response.status(exception.getStatus()).json({ success: false, errorMsg: exception.message });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    response.status(500).json({ success: false, errorMsg: 'Internal Server Error' });
  }
}
