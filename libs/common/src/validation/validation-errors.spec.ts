import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsString, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { flattenValidationErrors } from './validation-errors';

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
