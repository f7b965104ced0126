import { CrmValidationError } from './crm.errors';
import type { Json, JsonObject } from './crm.types';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the fields of one JSON entity sent to the API and collects what is wrong with them, keyed
 * by field path, so one answer names every bad field like the real API does.
 *
 * Each reader answers `undefined` when the field is absent (leave the stored value alone),
 * `null` when the field was sent as null or "" (clear it), or the value.
 */
export class InputReader {
  constructor(
    readonly input: JsonObject,
    private readonly errors: Record<string, string> = {},
    private readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return key in this.input;
  }

  raw(key: string): Json | undefined {
    return this.input[key];
  }

  child(key: string): InputReader | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.fail(key, 'This value should be of type object.');
      return undefined;
    }
    return new InputReader(value, this.errors, this.path(key) + '.');
  }

  list(key: string): InputReader[] | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : undefined;
    if (!items) {
      this.fail(key, 'This value should be of type array.');
      return undefined;
    }
    return items.map((item, index) => {
      if (isObject(item)) return new InputReader(item, this.errors, `${this.path(key)}[${index}].`);
      this.fail(`${key}[${index}]`, 'This value should be of type object.');
      return new InputReader({}, this.errors, `${this.path(key)}[${index}].`);
    });
  }

  string(key: string): string | null | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (value === null || value === '') return null;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') return this.fail(key, 'This value should be of type string.');
    return value;
  }

  number(key: string): number | null | undefined {
    const value = this.input[key];
    if (value === undefined) return undefined;
    if (value === null || value === '') return null;
    const parsed = typeof value === 'string' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed)) {
      return this.fail(key, 'This value should be of type numeric.');
    }
    return parsed;
  }

  integer(key: string): number | null | undefined {
    const value = this.number(key);
    if (typeof value === 'number' && !Number.isInteger(value)) {
      return this.fail(key, 'This value should be of type integer.');
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    return this.fail(key, 'This value should be of type bool.');
  }

  /** A date (`Y-m-d`) or a date/time (`Y-m-d H:i:s`) field. */
  date(key: string, withTime = false): string | null | undefined {
    const value = this.string(key);
    if (typeof value !== 'string') return value;
    const pattern = withTime ? /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ : /^\d{4}-\d{2}-\d{2}$/;
    if (!pattern.test(value)) return this.fail(key, 'This value is not a valid date.');
    return value;
  }

  /** A code that must be one of `allowed` (a dictionary of the account). */
  code(key: string, allowed: Record<string, unknown>): string | null | undefined {
    const value = this.string(key);
    if (typeof value === 'string' && !(value in allowed)) {
      return this.fail(key, 'This value is not valid.');
    }
    return value;
  }

  fail(key: string, message: string): undefined {
    this.errors[this.path(key)] = message;
    return undefined;
  }

  /** Throws the collected errors, if any, as the API's validation answer. */
  throwIfInvalid(): void {
    if (Object.keys(this.errors).length > 0) throw new CrmValidationError({ ...this.errors });
  }

  private path(key: string): string {
    return `${this.prefix}${key}`;
  }
}
