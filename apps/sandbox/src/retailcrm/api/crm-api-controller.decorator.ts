import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { CrmAccessGuard } from './crm-access.guard';
import { CrmApiExceptionFilter } from './crm-api.filter';

/**
 * A controller of the simulated API under `/crm/{account}/{path}`: the account and key are
 * checked, the rate limit applied, and errors answered the way RetailCRM answers them.
 */
export const CrmApiController = (path: string) =>
  applyDecorators(
    Controller(`crm/:account/${path}`),
    UseGuards(CrmAccessGuard),
    UseFilters(CrmApiExceptionFilter),
  );
