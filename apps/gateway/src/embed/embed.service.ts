import {
  BadRequestException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { assignToRequestLog } from '@app/common/logging/log-context';
import {
  CardState,
  MessageValidationError,
  RpcClient,
  RpcRemoteError,
  RpcTimeoutError,
  RpcUnavailableError,
  validateRpcRequest,
} from '@app/messaging';
import { RecentAccounts } from '../accounts/recent-accounts';
import { EMBED_ACTIONS, EMBED_DEADLINE_MS, statusOfState } from './embed-actions';

const CLIENT_ID = /^[0-9a-f]{64}$/i;

/** An answer of an action: its HTTP status and the JSON the extension renders. */
export interface EmbedAnswer {
  status: number;
  body: { state: CardState | 'error'; message?: string; [key: string]: unknown };
}

/**
 * The order card's backend: authenticates the account by the form's `clientId`, validates the
 * `payload` against the action's contract, asks promo-loyalty over RabbitMQ and waits at most
 * {@link EMBED_DEADLINE_MS}; past it the card reads "Mindbox did not answer" instead of hanging.
 */
@Injectable()
export class EmbedService {
  private readonly logger = new Logger(EmbedService.name);

  constructor(
    private readonly accounts: RecentAccounts,
    private readonly rpc: RpcClient,
  ) {}

  async run(action: string, form: Record<string, unknown>): Promise<EmbedAnswer> {
    // The account first: an unknown clientId learns nothing else, not even whether the action exists.
    const clientId = typeof form.clientId === 'string' ? form.clientId : '';
    const account = CLIENT_ID.test(clientId) ? await this.accounts.byClient(clientId.toLowerCase()) : null;
    if (!account) throw new UnauthorizedException({ message: 'Unknown clientId' });
    assignToRequestLog({ accountId: account.id });

    const contract = EMBED_ACTIONS[action];
    if (!contract) throw new NotFoundException({ message: `Unknown action ${action}` });
    const request = this.requestOf(contract, form.payload, account.id);
    try {
      const reply = (await this.rpc.call(contract, request, {
        timeoutMs: EMBED_DEADLINE_MS,
      })) as EmbedAnswer['body'];
      return { status: statusOfState(reply.state as CardState), body: { ...reply } };
    } catch (error) {
      return this.failure(action, error);
    }
  }

  private requestOf(contract: (typeof EMBED_ACTIONS)[string], payload: unknown, accountId: string) {
    let plain: unknown = payload;
    if (typeof payload === 'string') {
      try {
        plain = JSON.parse(payload);
      } catch {
        throw new BadRequestException({
          message: 'payload is not valid',
          errors: { payload: 'must be JSON' },
        });
      }
    }
    if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
      throw new BadRequestException({
        message: 'payload is not valid',
        errors: { payload: 'must be a JSON object' },
      });
    }
    try {
      // The account comes from the clientId, never from the payload.
      return validateRpcRequest(contract, { ...plain, accountId });
    } catch (error) {
      if (!(error instanceof MessageValidationError)) throw error;
      const errors = Object.fromEntries(
        Object.entries(error.errors).map(([field, text]) => [`payload.${field}`, text]),
      );
      throw new BadRequestException({ message: 'payload is not valid', errors });
    }
  }

  private failure(action: string, error: unknown): EmbedAnswer {
    if (error instanceof RpcTimeoutError) {
      this.logger.warn(`${action}: ${error.message}`);
      return {
        status: 504,
        body: {
          state: 'mindbox-unavailable',
          message: `Mindbox did not answer within ${EMBED_DEADLINE_MS / 1000} s`,
        },
      };
    }
    if (error instanceof RpcUnavailableError) {
      this.logger.warn(`${action}: ${error.message}`);
      return {
        status: 503,
        body: { state: 'mindbox-unavailable', message: 'The loyalty service is unavailable' },
      };
    }
    if (error instanceof RpcRemoteError && error.code === 'invalid-request') {
      throw new BadRequestException({ message: 'payload is not valid', errors: error.fields ?? {} });
    }
    if (error instanceof HttpException) throw error;
    this.logger.error(`${action}: ${(error as Error).message}`);
    return { status: 502, body: { state: 'error', message: 'The loyalty service could not answer' } };
  }
}
