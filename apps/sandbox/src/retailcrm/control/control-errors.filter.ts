import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CrmError } from '../store/crm.errors';
import { AccountExistsError } from '../store/retailcrm.store';

/** Control calls that break a CRM rule answer what the API would (status and `errors`). */
@Catch(CrmError, AccountExistsError)
export class ControlErrorsFilter implements ExceptionFilter {
  catch(exception: CrmError | AccountExistsError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AccountExistsError) {
      response.status(409).json({ statusCode: 409, message: exception.message });
      return;
    }
    response.status(exception.status).json(exception.body);
  }
}
