import { describe, expect, it } from 'vitest';
import { format, formatAmount, localeOf, MESSAGES } from './i18n';

const keysOf = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, inner]) => keysOf(inner, `${prefix}${key}.`))
    : [prefix];

describe('i18n', () => {
  it("follows the CRM's locale: Russian for ru-RU, English for the others", () => {
    expect(localeOf('ru-RU')).toBe('ru');
    expect(localeOf('en-GB')).toBe('en');
    expect(localeOf('es-ES')).toBe('en');
    expect(localeOf(null)).toBe('en');
  });

  it('has every text in both languages', () => {
    expect(keysOf(MESSAGES.ru).sort()).toEqual(keysOf(MESSAGES.en).sort());
    for (const text of keysOf(MESSAGES.ru)) expect(text).not.toBe('');
  });

  it('fills placeholders and writes amounts the way the locale does', () => {
    expect(format(MESSAGES.en.pointsOverMax, { max: 250 })).toBe('No more than 250 points for this order');
    expect(formatAmount('en', 1234.5)).toBe('1,234.5');
    expect(formatAmount('ru', 1234.5).replace(/\s/g, ' ')).toBe('1 234,5');
  });
});
