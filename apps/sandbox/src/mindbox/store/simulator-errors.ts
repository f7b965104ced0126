/** One entry of `validationMessages`; `location` is the xpath of the field, like `/order/lines/0/quantity`. */
export interface ValidationMessage {
  message: string;
  location?: string;
}

/**
 * The request is understood but its data is wrong: answered as HTTP 200
 * `{status: "ValidationError", validationMessages}` (reference §2.1). Retrying the same data cannot help.
 */
export class MindboxValidationFailure extends Error {
  override readonly name = 'MindboxValidationFailure';
  readonly retryable = false;

  constructor(readonly messages: ValidationMessage[]) {
    super(messages.map((m) => (m.location ? `${m.location}: ${m.message}` : m.message)).join('; '));
  }

  static at(location: string | undefined, message: string): MindboxValidationFailure {
    return new MindboxValidationFailure([location ? { message, location } : { message }]);
  }
}

/**
 * The request itself is refused (bad parameters, auth, unknown order for a status change):
 * answered as `{status: "ProtocolError", errorMessage, errorId, httpStatusCode}` with a 4xx code.
 */
export class MindboxProtocolFailure extends Error {
  override readonly name = 'MindboxProtocolFailure';
  readonly retryable = false;

  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}
