import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { AccountEntity, SettingsRepository } from '@app/settings';

const BEARER = /^Bearer ([0-9a-f]{64})$/i;

interface AuthenticatedRequest extends Request {
  account?: AccountEntity;
}

/**
 * Authenticates `/api/v1/*` with `Authorization: Bearer <clientId>` and binds the request to
 * that account: handlers read the account from `@CurrentAccount()`, never from the input, so no
 * account can reach another's data.
 */
@Injectable()
export class ClientIdGuard implements CanActivate {
  constructor(private readonly settings: SettingsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const account = match ? await this.settings.findAccountByClientId(match[1].toLowerCase()) : null;
    if (!account) {
      throw new UnauthorizedException('A valid "Authorization: Bearer <clientId>" header is required');
    }
    request.account = account;
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
