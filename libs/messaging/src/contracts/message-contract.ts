import { plainToInstance } from 'class-transformer';
import { IsUUID, validateSync } from 'class-validator';
import { flattenValidationErrors, unreadableKeyErrors } from '@app/common/validation/validation-errors';

/** Every message names the account it belongs to. */
export abstract class AccountMessage {
  @IsUUID()
  accountId: string;
}

/** A versioned message type: its routing key and the class-validator class of its payload. */
export interface MessageContract<T extends AccountMessage = AccountMessage> {
  readonly routingKey: string;
  readonly payload: new () => T;
}

/** A payload that does not satisfy its contract; retrying cannot help. */
export class MessageValidationError extends Error {
  readonly retryable = false;

  constructor(
    readonly routingKey: string,
    readonly errors: Record<string, string>,
  ) {
    // class-validator's texts already name the property, e.g. "accountId must be a UUID".
    super(`${routingKey}: ${Object.values(errors).join('; ')}`);
    this.name = 'MessageValidationError';
  }
}

/**
 * Turns a plain payload into an instance of the contract's class and validates it, on the
 * producer before publishing and on the consumer before the handler runs.
 */
export function validatePayload<T extends AccountMessage>(contract: MessageContract<T>, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new MessageValidationError(contract.routingKey, { payload: 'must be a JSON object' });
  }
  const unreadable = unreadableKeyErrors(plain);
  if (unreadable) throw new MessageValidationError(contract.routingKey, unreadable);
  const instance = plainToInstance(contract.payload, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length) throw new MessageValidationError(contract.routingKey, flattenValidationErrors(errors));
  return instance;
}
