import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AddressInfo, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { WorkerEnv } from '../config/base.env';
import { validateEnv } from '../config/validate-env';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { bootstrapService } from './bootstrap';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('bootstrapService', () => {
  let stderr: jest.SpyInstance;
  let exit: jest.SpyInstance;

  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
  });

  afterEach(() => jest.restoreAllMocks());

  it('starts the app with pino, runs beforeListen and logs one listening line', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });

    @Module({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ HEALTH_PORT: port })],
        }),
        LoggingModule.forRoot('svc', { stream: output }),
        HealthModule.forRoot(),
      ],
    })
    class AppModule {}
    const beforeListen = jest.fn(() => Promise.resolve());

    const app = await bootstrapService({
      name: 'svc',
      module: AppModule,
      port: (config: ConfigService) => config.getOrThrow<number>('HEALTH_PORT'),
      beforeListen,
    });

    try {
      expect(beforeListen).toHaveBeenCalledWith(app);
      const res = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(res.status).toBe(200);
      expect(lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg)).toContain(
        `svc listening on :${port}`,
      );
      expect(exit).not.toHaveBeenCalled();
    } finally {
      await app.close();
    }
  });

  it('prints one line naming the database, without stack or password, and exits with 1', async () => {
    @Module({
      providers: [
        {
          provide: 'DataSource',
          useFactory: () => {
            throw Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), {
              code: 'ENOTFOUND',
              hostname: 'nohost',
            });
          },
        },
      ],
    })
    class AppModule {}
    process.env.DATABASE_URL = 'postgres://postgres:hunter2@nohost:5432/x';

    try {
      await bootstrapService({ name: 'customer-sync', module: AppModule, port: () => 0 });
    } finally {
      delete process.env.DATABASE_URL;
    }

    expect(stderr.mock.calls).toEqual([
      [
        'customer-sync failed to start: cannot connect to the database at ' +
          'DATABASE_URL=postgres://postgres:****@nohost:5432/x (getaddrinfo ENOTFOUND nohost)\n',
      ],
    ]);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('prints environment errors as they are', async () => {
    @Module({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, validate: validateEnv(WorkerEnv) }),
      ],
    })
    class AppModule {}

    await bootstrapService({ name: 'svc', module: AppModule, port: () => 0 });

    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stderr.mock.calls[0][0]).toMatch(
      /^svc failed to start: Invalid environment: HEALTH_PORT .*\(not set\)\n$/,
    );
    expect(exit).toHaveBeenCalledWith(1);
  });
});
