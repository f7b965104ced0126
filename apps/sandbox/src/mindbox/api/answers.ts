import { randomUUID } from 'node:crypto';
import type { ValidationMessage } from '../store/simulator-errors';

export type JsonObject = Record<string, unknown>;

/** An HTTP answer of the operations endpoint. */
export interface OperationAnswer {
  httpStatus: number;
  body: JsonObject;
}

/** What a behaviour produced. */
export interface BehaviourResult {
  body: JsonObject;
  /**
   * True when nothing was applied and the same request may come again under the same
   * transactionId (a begin answered PriceHasBeenChanged); otherwise a successful answer makes
   * the transactionId "already processed".
   */
  repeatable?: boolean;
}

export const success = (body: JsonObject = {}): JsonObject => ({ status: 'Success', ...body });

/** `{status: "ProtocolError", errorMessage, errorId, httpStatusCode}` (reference §2.1, protocol-error-401.json). */
export const protocolError = (httpStatus: number, errorMessage: string): OperationAnswer => ({
  httpStatus,
  body: { status: 'ProtocolError', errorMessage, errorId: randomUUID(), httpStatusCode: httpStatus },
});

/** A fault of the simulator itself, shaped like internal-server-error-503.json (the code as a string). */
export const internalServerError = (errorMessage: string): OperationAnswer => ({
  httpStatus: 500,
  body: { status: 'InternalServerError', errorMessage, errorId: randomUUID(), httpStatusCode: '500' },
});

/** HTTP 200 with the messages (validation-error.json). */
export const validationError = (validationMessages: ValidationMessage[]): OperationAnswer => ({
  httpStatus: 200,
  body: { status: 'ValidationError', validationMessages },
});

/** HTTP 200: the same transactionId was already applied for this operation (transaction-already-processed.json). */
export const transactionAlreadyProcessed = (): OperationAnswer => ({
  httpStatus: 200,
  body: { status: 'TransactionAlreadyProcessed' },
});

/**
 * The secret key of an `Authorization` header: `SecretKey <key>` (current) or
 * `Mindbox secretKey="<key>"` (legacy), reference §1.2. Undefined when there is none.
 */
export function readSecretKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const current = /^SecretKey\s+(\S.*)$/i.exec(header.trim());
  if (current) return current[1].trim();
  const legacy = /^Mindbox\s+secretKey\s*=\s*"([^"]*)"$/i.exec(header.trim());
  return legacy ? legacy[1] : undefined;
}
