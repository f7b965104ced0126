import { UnprocessableEntityException, ValidationPipe } from '@nestjs/common';
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

/**
 * The HTTP validation pipe: strips unknown fields, refuses ones it cannot place, converts types
 * declared on DTOs, and answers 422 `{ message, errors }` naming each wrong field.
 */
export function unprocessableValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
