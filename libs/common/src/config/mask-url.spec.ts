import { maskUrl } from './mask-url';

describe('maskUrl', () => {
  it.each([
    ['postgres://postgres:secret@db:5432/app', 'postgres://postgres:****@db:5432/app'],
    ['amqps://user:p%40ss:word@mq/vhost', 'amqps://user:****@mq/vhost'],
    ['postgres://postgres@127.0.0.1:5432/x', 'postgres://postgres@127.0.0.1:5432/x'],
    ['amqp://:onlypass@mq', 'amqp://:****@mq'],
    ['postgres://app:p@ss@db:5432/x', 'postgres://app:****@db:5432/x'],
    ['no url here', 'no url here'],
  ])('masks %s', (input, expected) => {
    expect(maskUrl(input)).toBe(expected);
  });

  it('masks every URL inside free text', () => {
    expect(maskUrl('a postgres://a:b@h/x and amqp://c:d@h2 b')).toBe(
      'a postgres://a:****@h/x and amqp://c:****@h2 b',
    );
  });
});
