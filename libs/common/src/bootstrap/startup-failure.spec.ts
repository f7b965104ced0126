import { InvalidEnvironmentError } from '../config/validate-env';
import { describeStartupFailure } from './startup-failure';

function socketError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

function pgError(message: string, code: string): Error {
  return Object.assign(new Error(message), { name: 'DatabaseError', severity: 'FATAL', code });
}

describe('describeStartupFailure', () => {
  const env = {
    DATABASE_URL: 'postgres://postgres:s3cret@nohost:5432/x',
    AMQP_URL: 'amqp://guest:guest@mq:5673',
  };

  it('names DATABASE_URL, masked, when the database host is unknown', () => {
    const error = socketError('getaddrinfo ENOTFOUND nohost', { code: 'ENOTFOUND', hostname: 'nohost' });

    expect(describeStartupFailure(error, env)).toBe(
      'cannot connect to the database at DATABASE_URL=postgres://postgres:****@nohost:5432/x (getaddrinfo ENOTFOUND nohost)',
    );
  });

  it('recognises a refused connection by port, also inside an AggregateError', () => {
    const refused = socketError('connect ECONNREFUSED 127.0.0.1:5432', {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 5432,
    });
    const aggregate = Object.assign(new AggregateError([refused], ''), { code: 'ECONNREFUSED' });

    expect(describeStartupFailure(refused, env)).toMatch(/^cannot connect to the database at DATABASE_URL=/);
    expect(describeStartupFailure(aggregate, env)).toMatch(/\(connect ECONNREFUSED 127.0.0.1:5432\)$/);
  });

  it('recognises Postgres refusing the session', () => {
    expect(
      describeStartupFailure(pgError('password authentication failed for user "app"', '28P01'), env),
    ).toBe(
      'cannot connect to the database at DATABASE_URL=postgres://postgres:****@nohost:5432/x (password authentication failed for user "app")',
    );
    expect(describeStartupFailure(pgError('database "x" does not exist', '3D000'), env)).toMatch(
      /^cannot connect to the database .*\(database "x" does not exist\)$/,
    );
  });

  it('does not call a failing query a connection failure', () => {
    expect(describeStartupFailure(pgError('relation "outbox" does not exist', '42P01'), env)).toBe(
      'relation "outbox" does not exist',
    );
  });

  it('uses the default DATABASE_URL when none is set', () => {
    const error = socketError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', port: 5432 });

    expect(describeStartupFailure(error, {})).toContain(
      'DATABASE_URL=postgres://postgres@127.0.0.1:5432/retailcrm_mindbox',
    );
  });

  it('names AMQP_URL for the broker', () => {
    const error = socketError('connect ECONNREFUSED 10.0.0.5:5673', { code: 'ECONNREFUSED', port: 5673 });

    expect(describeStartupFailure(error, env)).toBe(
      'cannot connect to the broker at AMQP_URL=amqp://guest:****@mq:5673 (connect ECONNREFUSED 10.0.0.5:5673)',
    );
  });

  it('passes environment errors through', () => {
    const error = new InvalidEnvironmentError(['HEALTH_PORT must be an integer number (got "x")']);

    expect(describeStartupFailure(error, env)).toBe(
      'Invalid environment: HEALTH_PORT must be an integer number (got "x")',
    );
  });

  it('keeps anything else on one line with URL passwords masked', () => {
    const error = new Error('listen EADDRINUSE: address already in use\n  see postgres://u:pw@h/db');

    expect(describeStartupFailure(error, env)).toBe(
      'listen EADDRINUSE: address already in use see postgres://u:****@h/db',
    );
    expect(describeStartupFailure('plain string', env)).toBe('plain string');
  });
});
