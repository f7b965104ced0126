import { MindboxEnvelope, parseEnvelope } from '../responses/envelope';

/** How one HTTP answer of Mindbox is to be handled. */
export type MindboxOutcome =
  | { kind: 'success'; alreadyProcessed: boolean; envelope: MindboxEnvelope }
  | { kind: 'validation'; envelope: MindboxEnvelope }
  | { kind: 'bad-request' | 'auth' | 'not-found' | 'protocol'; status?: number; envelope: MindboxEnvelope }
  | {
      kind: 'unavailable';
      reason: 'server-error' | 'rate-limited';
      status: number;
      envelope: MindboxEnvelope;
    }
  | { kind: 'invalid-response'; status: number; envelope: MindboxEnvelope };

function byCode(code: number | undefined, envelope: MindboxEnvelope): MindboxOutcome {
  if (code === 429) return { kind: 'unavailable', reason: 'rate-limited', status: code, envelope };
  if (code !== undefined && code >= 500)
    return { kind: 'unavailable', reason: 'server-error', status: code, envelope };
  if (code === 400) return { kind: 'bad-request', status: code, envelope };
  if (code === 401 || code === 403) return { kind: 'auth', status: code, envelope };
  if (code === 404) return { kind: 'not-found', status: code, envelope };
  return { kind: 'protocol', status: code, envelope };
}

// The code an error body names; a 2xx or 3xx there says nothing about the failure.
const errorCodeOf = (envelope: MindboxEnvelope): number | undefined =>
  envelope.httpStatusCode !== undefined && envelope.httpStatusCode >= 400
    ? envelope.httpStatusCode
    : undefined;

/**
 * Classifies an answer (reference §2.1, §2.2, §2.5): the HTTP code first, then the body's
 * `status`. `body` is the parsed JSON, or undefined when the body was empty or not JSON.
 *
 * - 2xx `Success` -> success; 2xx `TransactionAlreadyProcessed` -> success, already processed.
 * - `ValidationError` (Mindbox sends it with 200) -> validation, whatever the HTTP code.
 * - 2xx `ProtocolError` / `InternalServerError` -> by the body's `httpStatusCode` (string or number);
 *   without one, `InternalServerError` counts as 500 and `ProtocolError` as a plain protocol error.
 * - 429 and 5xx -> unavailable (retryable). 400 -> bad request; 401/403 -> auth; 404 -> not found;
 *   any other 4xx (409, …) -> protocol. None of these is retryable.
 * - Any other 2xx (no JSON, unknown status) -> invalid response, not retryable.
 */
export function classifyOutcome(httpStatus: number, body: unknown): MindboxOutcome {
  const envelope = parseEnvelope(body);
  if (envelope.status === 'ValidationError') return { kind: 'validation', envelope };
  if (httpStatus < 200 || httpStatus >= 300) return byCode(httpStatus, envelope);
  switch (envelope.status) {
    case 'Success':
      return { kind: 'success', alreadyProcessed: false, envelope };
    case 'TransactionAlreadyProcessed':
      return { kind: 'success', alreadyProcessed: true, envelope };
    case 'InternalServerError':
      return byCode(errorCodeOf(envelope) ?? 500, envelope);
    case 'ProtocolError':
      return byCode(errorCodeOf(envelope), envelope);
    default:
      return { kind: 'invalid-response', status: httpStatus, envelope };
  }
}
