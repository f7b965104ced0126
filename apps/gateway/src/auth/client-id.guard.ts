import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { assignToRequestLog } from '@app/common/logging/log-context';
import { AccountEntity, SettingsRepository } from '@app/settings';

const BEARER = /^Bearer ([0-9a-f]{64})$/i;

interface AuthenticatedRequest extends Request {
  account?: AccountEntity;
}

/**
 * Authenticates `/api/v1/*` with `Authorization: Bearer <clientId>` and binds the request to
 * that account: handlers read the account from `@CurrentAccount()`, never from the input, so no
 * account can reach another's data. The request's log lines carry the account's id from here on.
 */
@Injectable()
export class ClientIdGuard implements CanActivate {
  private readonly logger = new Logger(ClientIdGuard.name);

  constructor(private readonly settings: SettingsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const account = match ? await this.settings.findAccountByClientId(match[1].toLowerCase()) : null;
    if (!account) {
      throw new UnauthorizedException('A valid "Authorization: Bearer <clientId>" header is required');
    }
    request.account = account;
    assignToRequestLog({ accountId: account.id });
    this.logger.debug('authenticated by clientId');
    return true;
  }
}

/** The account the request was authenticated as (see {@link ClientIdGuard}). */
export const CurrentAccount = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccountEntity => {
    const account = context.switchToHttp().getRequest<AuthenticatedRequest>().account;
    if (!account) throw new UnauthorizedException();
    return account;
  },
);
