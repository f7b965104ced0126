import { asArray, asKnown, asNumber, asRecord, asString } from './json';

/** Top-level `status` values of a v3 response (reference §2.1); anything else reads as 'unknown'. */
export const MINDBOX_STATUSES = [
  'Success',
  'TransactionAlreadyProcessed',
  'ValidationError',
  'ProtocolError',
  'InternalServerError',
] as const;

/** A top-level response status. */
export type MindboxStatus = (typeof MINDBOX_STATUSES)[number] | 'unknown';

/** One entry of `validationMessages`. */
export interface MindboxValidationMessage {
  message: string;
  /** The field as Mindbox wrote it: an xpath (`/customer/email`), a dotted path or a bare name. */
  location?: string;
  /** `location` split into field names, whichever of the three forms it came in. */
  path: string[];
}

/** The parts of a response every operation shares, whatever its outcome. */
export interface MindboxEnvelope {
  status: MindboxStatus;
  /** The `status` text as received, also when it is not one of the known values. */
  rawStatus?: string;
  errorMessage?: string;
  /** Mindbox's id of the failure (a UUID), to quote to their support. */
  errorId?: string;
  /** The `httpStatusCode` of an error body, which arrives as a number or as a string. */
  httpStatusCode?: number;
  validationMessages: MindboxValidationMessage[];
  /** The whole body as received. */
  raw: Record<string, unknown>;
}

/** Reads `httpStatusCode`, sent as `"503"` by the docs and as `503` by the SDKs' tests. */
export function parseHttpStatusCode(value: unknown): number | undefined {
  const code = asNumber(value);
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}

/** Splits a validation `location` in any of its forms: `/customer/email`, `customer.email`, `email`. */
export function parseValidationLocation(location: string | undefined): string[] {
  if (location === undefined) return [];
  return location.split(/[/.]/).filter((part) => part !== '');
}

/** Reads `validationMessages`, skipping entries without a message. */
export function parseValidationMessages(value: unknown): MindboxValidationMessage[] {
  return asArray(value).flatMap((entry) => {
    const node = asRecord(entry);
    const message = asString(node?.message);
    if (message === undefined) return [];
    const location = asString(node?.location);
    return [{ message, location, path: parseValidationLocation(location) }];
  });
}

/** Reads the shared part of any response body; a body that is not a JSON object gives status 'unknown'. */
export function parseEnvelope(body: unknown): MindboxEnvelope {
  const raw = asRecord(body) ?? {};
  const rawStatus = asString(raw.status);
  return {
    status: asKnown(MINDBOX_STATUSES, rawStatus),
    rawStatus,
    errorMessage: asString(raw.errorMessage),
    errorId: asString(raw.errorId),
    httpStatusCode: parseHttpStatusCode(raw.httpStatusCode),
    validationMessages: parseValidationMessages(raw.validationMessages),
    raw,
  };
}
