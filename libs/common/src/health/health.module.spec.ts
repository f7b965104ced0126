import { Global, INestApplication, Module, OnModuleDestroy, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { BROKER_STATE, BrokerState } from './health.constants';
import { HealthModuleOptions } from './health.interfaces';
import { HealthModule } from './health.module';

class FakeBroker implements BrokerState {
  connected = true;

  isConnected(): boolean {
    return this.connected;
  }
}

async function createApp(
  options: HealthModuleOptions,
  broker?: BrokerState,
  extraModules: Type[] = [],
): Promise<INestApplication> {
  @Global()
  @Module({ providers: [{ provide: BROKER_STATE, useValue: broker }], exports: [BROKER_STATE] })
  class FakeMessagingModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [HealthModule.forRoot(options), ...(broker ? [FakeMessagingModule] : []), ...extraModules],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('HealthModule', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('with a broker', () => {
    const broker = new FakeBroker();
    let app: INestApplication;

    beforeAll(async () => {
      app = await createApp({}, broker);
    });

    afterAll(() => app.close());

    it('is live without looking at dependencies', async () => {
      broker.connected = false;

      await request(app.getHttpServer())
        .get('/health/live')
        .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    });

    it('is ready while the broker is connected', async () => {
      broker.connected = true;

      const res = await request(app.getHttpServer()).get('/health/ready').expect(200);

      expect(res.body).toMatchObject({ status: 'ok', details: { broker: { status: 'up' } } });
    });

    it('is not ready when the broker is down', async () => {
      broker.connected = false;

      const res = await request(app.getHttpServer()).get('/health/ready').expect(503);

      expect(res.body).toMatchObject({
        status: 'error',
        error: { broker: { status: 'down', message: 'not connected to RabbitMQ' } },
      });
    });
  });

  it('skips the broker check when no BROKER_STATE is provided', async () => {
    const app = await createApp({});

    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);

    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    await app.close();
  });

  it('answers 503 on readiness, and still 200 on liveness, once SIGTERM shutdown has begun', async () => {
    const app = await createApp({ shutdownDelayMs: 400 }, new FakeBroker());
    app.enableShutdownHooks(['SIGTERM']);
    await app.listen(0, '127.0.0.1');
    // A URL, not the server: supertest would re-open a closed server by itself.
    const url = await app.getUrl();
    await request(url).get('/health/ready').expect(200);
    // After its hooks Nest re-sends the signal to the process; keep the test process alive.
    const shutDown = new Promise<void>((resolve) =>
      jest.spyOn(process, 'kill').mockImplementation(() => {
        resolve();
        return true;
      }),
    );

    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await request(url).get('/health/ready');
    const live = await request(url).get('/health/live');
    await shutDown;

    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'shutting_down' });
    expect(live.status).toBe(200);
    await expect(request(url).get('/health/live')).rejects.toThrow('ECONNREFUSED');
  });

  it('answers 503 on readiness from the signal on, while a module still drains its work', async () => {
    let finishDraining!: () => void;
    const drained = new Promise<void>((resolve) => (finishDraining = resolve));
    @Module({})
    class SlowWorkerModule implements OnModuleDestroy {
      onModuleDestroy(): Promise<void> {
        return drained;
      }
    }
    const app = await createApp({}, new FakeBroker(), [SlowWorkerModule]);
    app.enableShutdownHooks(['SIGTERM']);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const shutDown = new Promise<void>((resolve) =>
      jest.spyOn(process, 'kill').mockImplementation(() => {
        resolve();
        return true;
      }),
    );

    process.emit('SIGTERM', 'SIGTERM');
    const ready = await request(url).get('/health/ready');
    finishDraining();
    await shutDown;

    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'shutting_down', info: {}, error: {}, details: {} });
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('leaves no signal listener behind when closed without a signal', async () => {
    const before = process.listenerCount('SIGTERM');
    const app = await createApp({});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);

    await app.close();

    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
