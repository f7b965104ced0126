import fc from 'fast-check';

/**
 * Any JSON value: scalars, odd strings, arrays, and objects whose keys are random or taken from
 * `keys` (the fields the code under test reads), `__proto__` and `constructor` always among them.
 */
export function jsonValue(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '0', '-1', '1e309', 'true', '[]', '{}', '__proto__', '<script>', '../../etc'),
      fc.array(tie('value'), { maxLength: 4 }),
      tie('object'),
    ),
    object: fc.dictionary(
      fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...keys, 'constructor', '__proto__')),
      tie('value'),
      { maxKeys: 6 },
    ),
  })).value;
}
