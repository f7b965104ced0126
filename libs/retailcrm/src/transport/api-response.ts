import { asObject, listOf, mapOf } from '../model/normalise';
import { RetailCrmFailure, RetailCrmUnexpectedResponseError } from '../retailcrm.errors';

/** A successful JSON answer, with readers that fail with a typed error when a part is missing. */
export class ApiResponse {
  constructor(
    /** The whole answer as received. */
    readonly body: Record<string, unknown>,
    private readonly where: RetailCrmFailure,
  ) {}

  /** A list that RetailCRM sends as a list or as an object keyed by id or code. */
  list<T>(key: string): T[] {
    const value = this.body[key];
    if (!Array.isArray(value) && !asObject(value)) throw this.missing(key, 'a list');
    return listOf<T>(value);
  }

  /** An object (`[]` counts as an empty one). */
  object(key: string): Record<string, unknown> {
    const value = this.body[key];
    if (!Array.isArray(value) && !asObject(value)) throw this.missing(key, 'an object');
    return mapOf(value);
  }

  number(key: string): number {
    const value = this.body[key];
    if (typeof value !== 'number') throw this.missing(key, 'a number');
    return value;
  }

  string(key: string): string {
    const value = this.body[key];
    if (typeof value !== 'string') throw this.missing(key, 'a string');
    return value;
  }

  private missing(key: string, what: string): RetailCrmUnexpectedResponseError {
    return new RetailCrmUnexpectedResponseError({ ...this.where, detail: `\`${key}\` is not ${what}` });
  }
}
