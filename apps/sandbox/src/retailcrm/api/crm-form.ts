import { CrmMissingParameterError, CrmValidationError } from '../store/crm.errors';
import type { Json, JsonObject } from '../store/crm.types';
import { isObject } from '../store/input-reader';

/**
 * A JSON-encoded field of a form-encoded POST body (`customer=<json>`), as the API rules require
 * nested values to be sent.
 */
function formJson(body: unknown, name: string): Json {
  const raw = isObject(body as Json) ? (body as Record<string, unknown>)[name] : undefined;
  if (raw === undefined || raw === '') throw new CrmMissingParameterError(name);
  if (typeof raw !== 'string')
    throw new CrmValidationError({ [name]: 'This value should be a JSON string.' });
  try {
    return JSON.parse(raw) as Json;
  } catch {
    throw new CrmValidationError({ [name]: 'This value should be valid JSON.' });
  }
}

export function formObject(body: unknown, name: string): JsonObject {
  const value = formJson(body, name);
  if (!isObject(value)) throw new CrmValidationError({ [name]: 'This value should be of type object.' });
  return value;
}

export function formObjects(body: unknown, name: string): JsonObject[] {
  const value = formJson(body, name);
  if (!Array.isArray(value) || !value.every(isObject)) {
    throw new CrmValidationError({ [name]: 'This value should be of type array.' });
  }
  return value as JsonObject[];
}

/** A plain form field (`by`, `site`). */
export function formField(body: unknown, name: string): string | undefined {
  const value = isObject(body as Json) ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
