import { ArgumentMetadata, UnprocessableEntityException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/**
 * Flattens class-validator errors into `{ "dotted.path[0].field": "message" }`, the shape of every
 * 422 answer (DESIGN.md, "Contract details"). Array items get `[i]`, nested objects `.name`.
 */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    if (error.constraints) flat[path] = Object.values(error.constraints).join('; ');
    Object.assign(flat, flattenValidationErrors(error.children ?? [], path));
  }
  return flat;
}

/** Keys class-transformer cannot take in input: it reads them as the object's machinery and fails. */
const UNREADABLE_KEYS = new Set(['constructor', '__proto__', 'prototype']);

/**
 * The dotted path of the first key of `value` (at any depth) that class-transformer cannot read,
 * or null. Input is checked with it before `plainToInstance`, which throws a TypeError on such a
 * key inside a nested object.
 */
export function findUnreadableKey(value: unknown, path = '', depth = 0): string | null {
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && UNREADABLE_KEYS.has(key)) return childPath;
    const found = findUnreadableKey(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * How deep input may nest. class-transformer and class-validator walk input recursively: a body
 * nested a few thousand levels deep exhausts their stack, and the RangeError would read as a
 * failure of the service (a 5xx, a retried message) rather than as bad input.
 */
export const MAX_INPUT_DEPTH = 64;

/** The path of the first value of `value` nested deeper than {@link MAX_INPUT_DEPTH}, or null. */
export function findTooDeep(value: unknown, path = '', depth = 0): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_INPUT_DEPTH) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = findTooDeep(
      child,
      Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      depth + 1,
    );
    if (found !== null) return found;
  }
  return null;
}

/** The validation errors to answer for input class-transformer cannot read (an unreadable key, or too deep), or null. */
export function unreadableKeyErrors(value: unknown): Record<string, string> | null {
  const deep = findTooDeep(value);
  if (deep !== null) return { [deep || 'body']: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
  const path = findUnreadableKey(value);
  return path === null ? null : { [path]: 'is not a field name the module accepts' };
}

/** The HTTP validation pipe, checking for keys class-transformer cannot read before it transforms. */
class UnprocessableValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const errors = metadata.type === 'custom' ? null : unreadableKeyErrors(value);
    if (errors) throw new UnprocessableEntityException({ message: 'Some fields are not valid', errors });
    return super.transform(value, metadata);
  }
}

/**
 * The HTTP validation pipe: strips unknown fields, refuses ones it cannot place, converts types
 * declared on DTOs, and answers 422 `{ message, errors }` naming each wrong field.
 */
export function unprocessableValidationPipe(): ValidationPipe {
  return new UnprocessableValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new UnprocessableEntityException({
        message: 'Some fields are not valid',
        errors: flattenValidationErrors(errors),
      }),
  });
}
