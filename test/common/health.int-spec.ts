import { Global, INestApplication, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaseEnv, validateEnv } from '@app/common/config';
import { BROKER_STATE, BrokerState, HealthModule } from '@app/common/health';
import { LoggingModule } from '@app/common/logging';
import { MetricsModule, MetricsService } from '@app/common/metrics';
import { Logger } from 'nestjs-pino';
import { PassThrough } from 'node:stream';
import request from 'supertest';

// The maintenance database always exists; this test needs a reachable Postgres, not a schema.
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

class FakeBroker implements BrokerState {
  connected = true;

  isConnected(): boolean {
    return this.connected;
  }
}

const broker = new FakeBroker();

@Global()
@Module({ providers: [{ provide: BROKER_STATE, useValue: broker }], exports: [BROKER_STATE] })
class FakeMessagingModule {}

describe('health, metrics and logging of a service (Postgres)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(BaseEnv) }),
        TypeOrmModule.forRoot({ type: 'postgres', url: POSTGRES_URL, retryAttempts: 0 }),
        LoggingModule.forRoot('health-int', { stream: new PassThrough() }),
        MetricsModule.forRoot('health-int'),
        HealthModule.forRoot({ database: true }),
        FakeMessagingModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });

  afterAll(() => app.close());

  beforeEach(() => {
    broker.connected = true;
  });

  it('is live', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });

  it('is ready with the database and the broker up', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);

    expect(res.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, broker: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, broker: { status: 'up' } },
    });
  });

  it('is not ready with the broker down, and says so', async () => {
    broker.connected = false;

    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);

    expect(res.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { broker: { status: 'down' } },
    });
  });

  it('exposes Prometheus metrics, HTTP timings and messaging counters included', async () => {
    app.get(MetricsService).messagesDeadLettered.inc({ queue: 'customer-sync.customer-changed' });
    await request(app.getHttpServer()).get('/health/ready').expect(200);

    const res = await request(app.getHttpServer()).get('/metrics').expect(200);

    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toMatch(/^http_request_duration_seconds_count\{.*route="\/health\/ready".*\} \d+$/m);
    expect(res.text).toMatch(
      /^messages_dead_lettered_total\{queue="customer-sync.customer-changed",service="health-int"\} 1$/m,
    );
  });

  it('echoes x-request-id, or makes one up', async () => {
    const given = await request(app.getHttpServer()).get('/health/live').set('x-request-id', 'abc-123');
    const made = await request(app.getHttpServer()).get('/health/live');

    expect(given.headers['x-request-id']).toBe('abc-123');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
