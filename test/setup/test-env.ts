// Integration and e2e tests run against a database of their own, never the demo's.
process.env.DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/retailcrm_mindbox_test';
process.env.AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
process.env.NODE_ENV = 'test';
