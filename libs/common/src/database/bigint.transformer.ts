import type { ValueTransformer } from 'typeorm';

/**
 * `bigint` columns as JS numbers. pg returns int8 as a string; CRM ids and history ids stay far
 * below 2^53, so the number is exact.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
