import { BadRequestException, NotFoundException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { flattenValidationErrors, unreadableKeyErrors } from '@app/common/validation/validation-errors';

/**
 * A form RetailCRM posts to the module. Read loosely on purpose: the CRM may add fields, and a
 * callback must not fail for them; the parts the module uses are validated by the classes below.
 */
export type CallbackForm = Record<string, unknown>;

/** The `register` field of the simple connection. */
export class RegisterRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  systemUrl: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  apiKey: string;

  @IsString()
  @MaxLength(128)
  token: string;
}

/** The `activity` field of the activity callback. */
export class ActivityRequest {
  @IsBoolean()
  active: boolean;

  @IsOptional()
  @IsBoolean()
  freeze?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A form field holding a JSON object (`register={...}`), or the same object sent as bracketed
 * fields (`register[apiKey]=...`), as an instance of `cls`. Keys `cls` does not know are dropped.
 * Throws 400 naming the field.
 */
export function readJsonField<T extends object>(form: CallbackForm, field: string, cls: new () => T): T {
  const parsed = readJsonObject(form, field);
  const unreadable = unreadableKeyErrors(parsed);
  if (unreadable) {
    throw new BadRequestException({
      message: `${field} is not valid`,
      errors: Object.fromEntries(
        Object.entries(unreadable).map(([path, text]) => [`${field}.${path}`, text]),
      ),
    });
  }
  const instance = plainToInstance(cls, parsed);
  const errors = validateSync(instance, { whitelist: true });
  if (errors.length > 0) {
    const details = flattenValidationErrors(errors);
    throw new BadRequestException({
      message: `${field} is not valid`,
      errors: Object.fromEntries(Object.entries(details).map(([path, text]) => [`${field}.${path}`, text])),
    });
  }
  return instance;
}

/** A form field holding any JSON object. Throws 400 naming the field. */
export function readJsonObject(form: CallbackForm, field: string): Record<string, unknown> {
  const raw = form[field];
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
  }
  if (!isObject(parsed)) throw new BadRequestException({ message: `${field} must be a JSON object` });
  return parsed;
}

/** The `clientId` of a callback; anything that cannot be one is an unknown account (404). */
export function readClientId(form: CallbackForm): string {
  const clientId = form.clientId;
  if (typeof clientId !== 'string' || !/^[0-9a-f]{64}$/i.test(clientId)) throw unknownClient();
  return clientId.toLowerCase();
}

/** An optional plain-text form field. */
export function readText(form: CallbackForm, field: string): string | undefined {
  const value = form[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function unknownClient(): NotFoundException {
  return new NotFoundException({ message: 'Unknown clientId' });
}
