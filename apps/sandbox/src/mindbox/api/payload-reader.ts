import { MindboxValidationFailure, ValidationMessage } from '../store/simulator-errors';

type Json = Record<string, unknown>;

interface Need {
  required?: boolean;
}

/**
 * Reads an operation body field by field, collecting every problem with its xpath location, so
 * that one answer lists them all as Mindbox does (reference §2.1). `done()` throws them.
 */
export class PayloadReader {
  readonly messages: ValidationMessage[] = [];

  fail(location: string, message: string): undefined {
    this.messages.push({ message, location });
    return undefined;
  }

  done(): void {
    if (this.messages.length > 0) throw new MindboxValidationFailure(this.messages);
  }

  private missing(value: unknown, location: string, need: Need): boolean {
    if (value !== undefined && value !== null) return false;
    if (need.required) this.fail(location, 'Поле обязательно.');
    return true;
  }

  object(value: unknown, location: string, need: Need = {}): Json | undefined {
    if (this.missing(value, location, need)) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Json;
    return this.fail(location, 'Ожидается объект.');
  }

  array(value: unknown, location: string, need: Need = {}): unknown[] | undefined {
    if (this.missing(value, location, need)) return undefined;
    if (Array.isArray(value)) return value;
    return this.fail(location, 'Ожидается массив.');
  }

  string(value: unknown, location: string, need: Need = {}): string | undefined {
    if (this.missing(value, location, need)) return undefined;
    if (typeof value === 'string' && (value.trim() !== '' || !need.required)) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.fail(location, typeof value === 'string' ? 'Поле обязательно.' : 'Ожидается строка.');
  }

  boolean(value: unknown, location: string, need: Need = {}): boolean | undefined {
    if (this.missing(value, location, need)) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.fail(location, 'Ожидается true или false.');
  }

  /** A decimal given as a number or a numeric string ("1699.00"), with at most `decimals` places. */
  decimal(
    value: unknown,
    location: string,
    need: Need & { min?: number; positive?: boolean; decimals?: number } = {},
  ): number | undefined {
    if (this.missing(value, location, need)) return undefined;
    const number =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    if (!Number.isFinite(number)) return this.fail(location, `"${String(value)}" не является числом.`);
    if (need.positive && number <= 0) return this.fail(location, 'Значение должно быть больше нуля.');
    if (need.min !== undefined && number < need.min) {
      return this.fail(location, `Значение должно быть не меньше ${need.min}.`);
    }
    const places = need.decimals ?? 2;
    const scaled = number * 10 ** places;
    // Allow for binary floating point noise, which grows with the magnitude.
    if (Math.abs(Math.round(scaled) - scaled) > Math.max(1e-6, Math.abs(scaled) * 1e-12)) {
      return this.fail(location, `Не больше ${places} знаков после запятой.`);
    }
    return number;
  }

  integer(value: unknown, location: string, need: Need & { min?: number } = {}): number | undefined {
    return this.decimal(value, location, { ...need, decimals: 0 });
  }

  /**
   * An `ids` node: system name -> value (string or number, kept as string). Names the project does
   * not know are refused, so that a misconfigured id key shows up at once.
   */
  ids(
    value: unknown,
    location: string,
    known: readonly string[],
    need: Need & { what: string },
  ): Record<string, string> | undefined {
    const node = this.object(value, location, need);
    if (!node) return undefined;
    const ids: Record<string, string> = {};
    let unknown = false;
    for (const [key, raw] of Object.entries(node)) {
      if (raw === null || raw === undefined || raw === '') continue;
      if (!known.includes(key)) {
        this.fail(`${location}/${key}`, `Неизвестный идентификатор ${need.what} "${key}".`);
        unknown = true;
        continue;
      }
      const id = this.string(raw, `${location}/${key}`);
      if (id !== undefined) ids[key] = id;
    }
    if (Object.keys(ids).length === 0 && need.required && !unknown) {
      return this.fail(location, `Не передан ни один идентификатор ${need.what}.`);
    }
    return ids;
  }
}
