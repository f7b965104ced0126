import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { CrmAccount } from '../store/crm-account';
import type { Actor, ApiKey } from '../store/crm.types';
import type { Access } from '../store/paging';
import type { QueryReader } from './crm-query';

/** What the access guard established about an API call. */
export interface CrmCall {
  account: CrmAccount;
  key: ApiKey;
  access: Access;
  actor: Actor;
  query: QueryReader;
}

export type CrmRequest = Request & { crm?: CrmCall };

export const CRM_SCOPE = 'retailcrm:scope';
export const CRM_KEYLESS = 'retailcrm:keyless';

/** The scope a method needs (`customer_read`...); a key without it gets `Access denied.` */
export const RequireScope = (scope: string) => SetMetadata(CRM_SCOPE, scope);

/** A route that answers before the key is checked (unknown methods). */
export const Keyless = () => SetMetadata(CRM_KEYLESS, true);

/** The checked call (account, key, parsed query) of the current request. */
export const Crm = createParamDecorator((_: unknown, context: ExecutionContext): CrmCall => {
  const call = context.switchToHttp().getRequest<CrmRequest>().crm;
  if (!call) throw new Error('CrmAccessGuard did not run for this route');
  return call;
});
