import { IsBoolean, IsString, MinLength } from 'class-validator';
import { BaseEnv, DEFAULT_AMQP_URL, DEFAULT_DATABASE_URL, WorkerEnv } from './base.env';
import { EnvBoolean, Sensitive } from './env.decorators';
import { describeEnv, InvalidEnvironmentError, validateEnv } from './validate-env';

class AppEnv extends WorkerEnv {
  override HEALTH_PORT = 3101;

  @Sensitive()
  @IsString()
  @MinLength(32)
  MODULE_SECRET = 'x'.repeat(32);

  @EnvBoolean()
  @IsBoolean()
  ALLOW_PRIVATE_URLS = false;
}

function errorOf(fn: () => unknown): InvalidEnvironmentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEnvironmentError');
}

describe('validateEnv', () => {
  const validate = validateEnv(AppEnv);

  it('applies defaults for missing and empty variables', () => {
    const env = validate({ LOG_LEVEL: '' });

    expect(env).toBeInstanceOf(AppEnv);
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: DEFAULT_DATABASE_URL,
      AMQP_URL: DEFAULT_AMQP_URL,
      SHUTDOWN_DELAY_MS: 0,
      HEALTH_PORT: 3101,
      ALLOW_PRIVATE_URLS: false,
    });
  });

  it('converts strings to the declared types', () => {
    const env = validate({ HEALTH_PORT: '8080', SHUTDOWN_DELAY_MS: '5000', ALLOW_PRIVATE_URLS: 'true' });

    expect(env.HEALTH_PORT).toBe(8080);
    expect(env.SHUTDOWN_DELAY_MS).toBe(5000);
    expect(env.ALLOW_PRIVATE_URLS).toBe(true);
  });

  it('reads "false" as false, which implicit conversion alone would not', () => {
    expect(validate({ ALLOW_PRIVATE_URLS: 'false' }).ALLOW_PRIVATE_URLS).toBe(false);
    expect(validate({ ALLOW_PRIVATE_URLS: '0' }).ALLOW_PRIVATE_URLS).toBe(false);
  });

  it('accepts postgresql:// and amqps:// URLs', () => {
    const env = validate({ DATABASE_URL: 'postgresql://u:p@db/x', AMQP_URL: 'amqps://u:p@mq:5671/vh' });

    expect(env.DATABASE_URL).toBe('postgresql://u:p@db/x');
  });

  it('names every wrong variable with what it got and why', () => {
    const error = errorOf(() =>
      validate({
        DATABASE_URL: 'mysql://root@db/x',
        LOG_LEVEL: 'loud',
        HEALTH_PORT: '70000',
        AMQP_URL: 'amqp://',
      }),
    );

    expect(error.message).toMatch(/^Invalid environment: /);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL must be a postgres:// or postgresql:// URL with a host (got "mysql://root@db/x")',
        expect.stringMatching(/^LOG_LEVEL must be one of .*\(got "loud"\)$/),
        'HEALTH_PORT must not be greater than 65535 (got "70000")',
        'AMQP_URL must be a amqp:// or amqps:// URL with a host (got "amqp://")',
      ]),
    );
    expect(error.problems).toHaveLength(4);
  });

  it('masks URL passwords in messages', () => {
    const error = errorOf(() => validate({ DATABASE_URL: 'mysql://root:hunter2@db/x' }));

    expect(error.message).toContain('mysql://root:****@db/x');
    expect(error.message).not.toContain('hunter2');
  });

  it('never echoes a sensitive value', () => {
    const error = errorOf(() => validate({ MODULE_SECRET: 'short-secret' }));

    expect(error.message).toBe(
      'Invalid environment: MODULE_SECRET must be longer than or equal to 32 characters (got "****")',
    );
  });

  it('says when a variable without default is not set', () => {
    const error = errorOf(() => validateEnv(WorkerEnv)({}));

    expect(error.message).toMatch(/HEALTH_PORT .*\(not set\)$/);
  });

  it('rejects a port that is not a number', () => {
    const error = errorOf(() => validate({ HEALTH_PORT: 'abc' }));

    expect(error.message).toContain('HEALTH_PORT must be an integer number');
    expect(error.message).toContain('(got "abc")');
  });
});

describe('describeEnv', () => {
  it('lists declared variables only, sensitive ones and URL passwords masked', () => {
    const env = validateEnv(AppEnv)({
      PATH: '/usr/bin',
      MODULE_SECRET: 's'.repeat(40),
      DATABASE_URL: 'postgres://app:pw@db:5432/app',
    });

    expect(describeEnv(env)).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://app:****@db:5432/app',
      AMQP_URL: 'amqp://guest:****@127.0.0.1:5672',
      SHUTDOWN_DELAY_MS: 0,
      HEALTH_PORT: 3101,
      MODULE_SECRET: '****',
      ALLOW_PRIVATE_URLS: false,
    });
  });

  it('works for the base class', () => {
    expect(Object.keys(describeEnv(validateEnv(BaseEnv)({})))).toEqual([
      'NODE_ENV',
      'LOG_LEVEL',
      'DATABASE_URL',
      'AMQP_URL',
      'SHUTDOWN_DELAY_MS',
    ]);
  });
});
