import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  ActivityRequest,
  readClientId,
  readJsonField,
  readJsonObject,
  RegisterRequest,
} from './callback-forms';

describe('callback forms', () => {
  const register = { systemUrl: 'https://shop.retailcrm.ru', apiKey: 'key', token: 'abc' };

  it('reads a JSON field and drops keys the module does not know', () => {
    const read = readJsonField(
      { register: JSON.stringify({ ...register, future: 1 }) },
      'register',
      RegisterRequest,
    );
    expect(read).toBeInstanceOf(RegisterRequest);
    expect({ ...read }).toEqual(register);
  });

  it('reads the same object sent as bracketed fields', () => {
    expect({ ...readJsonField({ register }, 'register', RegisterRequest) }).toEqual(register);
  });

  it('answers 400 naming the field for broken JSON, a list, or wrong types', () => {
    expect(() => readJsonField({ register: '{"systemUrl": ' }, 'register', RegisterRequest)).toThrow(
      BadRequestException,
    );
    expect(() => readJsonObject({ settings: '[1]' }, 'settings')).toThrow(BadRequestException);
    try {
      readJsonField({ activity: '{"active": "yes"}' }, 'activity', ActivityRequest);
      throw new Error('not refused');
    } catch (error) {
      expect((error as BadRequestException).getResponse()).toMatchObject({
        errors: { 'activity.active': expect.any(String) },
      });
    }
  });

  it('takes only a 64-hex clientId, as lower case; anything else is unknown', () => {
    expect(readClientId({ clientId: 'A'.repeat(64) })).toBe('a'.repeat(64));
    for (const clientId of [undefined, '', 'abc', 'g'.repeat(64), ['a'.repeat(64)]]) {
      expect(() => readClientId({ clientId })).toThrow(NotFoundException);
    }
  });
});
