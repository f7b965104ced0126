import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CrmAccessDeniedError, CrmAccountNotFoundError, CrmError } from '../store/crm.errors';
import { RetailCrmStore } from '../store/retailcrm.store';
import { CRM_KEYLESS, CRM_SCOPE, CrmRequest } from './crm-call';
import { parseQuery, QueryReader } from './crm-query';

/**
 * Checks a call to the simulated API in the order the real one does: the account exists (else an
 * HTML page), a key is given, the key is known, the key is within its rate limit, and the key
 * has the method's scope.
 */
@Injectable()
export class CrmAccessGuard implements CanActivate {
  constructor(
    private readonly store: RetailCrmStore,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CrmRequest>();
    const code = String(request.params.account);
    const account = this.store.get(code);
    if (!account) throw new CrmAccountNotFoundError(code);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(CRM_KEYLESS, targets)) return true;

    const search = request.originalUrl.includes('?')
      ? request.originalUrl.slice(request.originalUrl.indexOf('?') + 1)
      : '';
    const query = parseQuery(search);
    const body = request.body as Record<string, unknown> | undefined;
    const header = request.header('x-api-key');
    const given = header ?? (typeof query.apiKey === 'string' ? query.apiKey : undefined) ?? body?.apiKey;
    if (typeof given !== 'string' || given === '') {
      throw new CrmError(400, { success: false, errorMsg: '"apiKey" is missing.' });
    }
    const key = account.key(given);
    if (!key) throw new CrmError(403, { success: false, errorMsg: 'Wrong "apiKey" value.' });
    if (!account.admit(key.key)) {
      throw new CrmError(503, { success: false, errorMsg: 'Rate limit exceeded' });
    }
    const scope = this.reflector.getAllAndOverride<string | undefined>(CRM_SCOPE, targets);
    if (scope && !key.scopes.includes(scope)) throw new CrmAccessDeniedError();

    request.crm = {
      account,
      key,
      access: account.accessOf(key),
      actor: { source: 'api', apiKey: key.key },
      query: new QueryReader(query),
    };
    return true;
  }
}
