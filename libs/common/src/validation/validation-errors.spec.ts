import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsString, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { UnprocessableEntityException } from '@nestjs/common';
import {
  findUnreadableKey,
  flattenValidationErrors,
  MAX_INPUT_DEPTH,
  unprocessableValidationPipe,
  unreadableKeyErrors,
} from './validation-errors';

class Conditions {
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  calculateStatuses: string[];
}

class Orders {
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Conditions)
  conditions: Conditions;
}

describe('flattenValidationErrors', () => {
  it('names nested fields by dotted path and array items by index', () => {
    const input = plainToInstance(Orders, { name: 7, conditions: { calculateStatuses: ['new', 5] } });
    const flat = flattenValidationErrors(validateSync(input));
    expect(flat).toEqual({
      name: 'name must be a string',
      'conditions.calculateStatuses': 'each value in calculateStatuses must be a string',
    });
  });

  it('gives array items of nested objects their index', () => {
    class Line {
      @IsString()
      code: string;
    }
    class Order {
      @ValidateNested({ each: true })
      @Type(() => Line)
      lines: Line[];
    }
    const flat = flattenValidationErrors(
      validateSync(plainToInstance(Order, { lines: [{ code: 'a' }, { code: 1 }] })),
    );
    expect(flat).toEqual({ 'lines[1].code': 'code must be a string' });
  });
});

describe('findUnreadableKey', () => {
  it('finds constructor, __proto__ and prototype keys at any depth, by dotted path', () => {
    expect(findUnreadableKey({ a: { b: [{ ok: 1 }, { constructor: [] }] } })).toBe('a.b[1].constructor');
    expect(findUnreadableKey(JSON.parse('{"x":{"__proto__":{"y":1}}}'))).toBe('x.__proto__');
    expect(findUnreadableKey({ prototype: 1 })).toBe('prototype');
    expect(findUnreadableKey({ constructorName: 'x', list: ['constructor'] })).toBeNull();
  });
});

describe('unreadableKeyErrors', () => {
  it('refuses input nested deeper than class-transformer can walk, naming where', () => {
    const deep = JSON.parse(`{"order":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`);
    expect(unreadableKeyErrors(deep)).toEqual({
      [`order${'.a'.repeat(MAX_INPUT_DEPTH - 1)}`]: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
    });
    expect(unreadableKeyErrors(JSON.parse(`${'['.repeat(5_000)}${']'.repeat(5_000)}`))).not.toBeNull();
    const deepest = JSON.parse(`${'{"a":'.repeat(MAX_INPUT_DEPTH)}1${'}'.repeat(MAX_INPUT_DEPTH)}`);
    expect(unreadableKeyErrors(deepest)).toBeNull();
  });
});

describe('the HTTP validation pipe', () => {
  it('answers 422 naming a key class-transformer cannot read, where transforming would throw a TypeError', async () => {
    const nested = { name: 'x', conditions: { calculateStatuses: [], inner: { constructor: 1 } } };
    expect(() => plainToInstance(Orders, { a: { constructor: 1 } })).toThrow(TypeError);

    const refused = unprocessableValidationPipe()
      .transform(nested, { type: 'body', metatype: Orders })
      .catch((error: UnprocessableEntityException) => error.getResponse());

    await expect(refused).resolves.toEqual({
      message: 'Some fields are not valid',
      errors: { 'conditions.inner.constructor': 'is not a field name the module accepts' },
    });
  });
});
