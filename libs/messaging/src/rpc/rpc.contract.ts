import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, unreadableKeyErrors } from '@app/common/validation/validation-errors';
import { AccountMessage, validatePayload } from '../contracts/message-contract';

/**
 * A request/reply operation of one service: a versioned name, the class-validator class of the
 * request (it names its account) and the class of the reply. The caller validates the request
 * before sending, the server validates it again on receipt, and the caller validates the reply.
 */
export interface RpcContract<Req extends AccountMessage = AccountMessage, Res extends object = object> {
  /** Versioned operation name, e.g. `promo.check-code.v1`; never reused with another shape. */
  readonly name: string;
  /** The service that answers; its queue is {@link rpcQueueName}. */
  readonly service: string;
  readonly request: new () => Req;
  readonly reply: new () => Res;
}

/** The queue a service takes its requests from. */
export const rpcQueueName = (service: string): string => `rpc.${service}`;

/** What travels back: a reply, or why there is none. */
export type RpcEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: RpcFailureCode; message: string; fields?: Record<string, string> } };

/** Why a server gave no reply: a request that breaks its contract, an unknown name, or a failure. */
export type RpcFailureCode = 'invalid-request' | 'unknown-operation' | 'failed';

/** Validates a request against its contract; throws {@link MessageValidationError} naming the fields. */
export function validateRpcRequest<Req extends AccountMessage>(
  contract: RpcContract<Req>,
  plain: unknown,
): Req {
  return validatePayload({ routingKey: contract.name, payload: contract.request }, plain);
}

/** Validates a reply against its contract; throws {@link RpcInvalidReplyError}. */
export function validateRpcReply<Res extends object>(
  contract: RpcContract<AccountMessage, Res>,
  plain: unknown,
): Res {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new RpcInvalidReplyError(contract.name, { reply: 'must be a JSON object' });
  }
  const unreadable = unreadableKeyErrors(plain);
  if (unreadable) throw new RpcInvalidReplyError(contract.name, unreadable);
  const instance = plainToInstance(contract.reply, plain);
  const errors = validateSync(instance, { whitelist: false });
  if (errors.length) throw new RpcInvalidReplyError(contract.name, flattenValidationErrors(errors));
  return instance;
}

/** Base of request/reply errors; `retryable` says whether asking again can help. */
export abstract class RpcError extends Error {
  abstract readonly retryable: boolean;
}

/** No reply before the deadline: the server is down, busy, or its own call did not finish in time. */
export class RpcTimeoutError extends RpcError {
  readonly retryable = true;
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation}: no reply within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

/** The request could not be delivered: no broker connection, or no queue of the service. */
export class RpcUnavailableError extends RpcError {
  readonly retryable = true;
  constructor(operation: string, reason: string) {
    super(`${operation}: ${reason}`);
    this.name = 'RpcUnavailableError';
  }
}

/** The server answered that it could not serve the request. */
export class RpcRemoteError extends RpcError {
  readonly retryable: boolean;
  constructor(
    readonly operation: string,
    readonly code: RpcFailureCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(`${operation}: ${message}`);
    this.name = 'RpcRemoteError';
    this.retryable = code === 'failed';
  }
}

/** A reply that breaks its contract. */
export class RpcInvalidReplyError extends RpcError {
  readonly retryable = false;
  constructor(
    readonly operation: string,
    readonly errors: Record<string, string>,
  ) {
    super(
      `${operation}: the reply breaks its contract (${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')})`,
    );
    this.name = 'RpcInvalidReplyError';
  }
}
