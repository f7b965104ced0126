import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    ['apiKey=abc123secret&x=1', 'apiKey=[redacted]&x=1'],
    ['{"secretKey":"s3cr3t","a":1}', '{"secretKey":"[redacted]","a":1}'],
    ['Authorization: SecretKey s3cr3t', 'Authorization: [redacted]'],
    ['token: xyz', 'token: [redacted]'],
    [`client ${'ab'.repeat(32)} failed`, 'client [redacted] failed'],
    ['postgres://postgres:hunter2@db:5432/x', 'postgres://postgres:[redacted]@db:5432/x'],
  ])('hides the secret in %j', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('leaves ordinary text and request ids alone', () => {
    const text = 'request 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed: relation "account" does not exist';
    expect(redactSecrets(text)).toBe(text);
  });
});
