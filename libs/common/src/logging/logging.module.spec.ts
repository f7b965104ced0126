import {
  Controller,
  Get,
  Injectable,
  INestApplication,
  Logger as NestLogger,
  Module,
  NotFoundException,
  Param,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Logger, PinoLogger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { BaseEnv } from '../config/base.env';
import { validateEnv } from '../config/validate-env';
import { assignToRequestLog, runWithLogContext } from './log-context';
import { LoggingModule } from './logging.module';
import { redactUrl } from './logging.options';

type Line = Record<string, unknown>;

class Capture extends Writable {
  readonly lines: Line[] = [];
  readonly repeatedKeys: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString();
    // An accountId written twice (by the mixin and by the line itself) would be hidden by JSON.parse.
    if (text.split('"accountId":').length > 2) this.repeatedKeys.push(text);
    this.lines.push(JSON.parse(text) as Line);
    done();
  }

  take(): Line[] {
    return this.lines.splice(0);
  }
}

@Injectable()
class Handler {
  private readonly nestLogger = new NestLogger(Handler.name);

  constructor(private readonly logger: PinoLogger) {}

  async handle(note: string): Promise<void> {
    this.logger.info({ apiKey: 'key-123', account: { secretKey: 'sk' } }, note);
    await new Promise((resolve) => setImmediate(resolve));
    this.nestLogger.log(`${note} via nest`);
  }
}

@Controller()
class PingController {
  constructor(private readonly handler: Handler) {}

  @Get('ping')
  async ping(): Promise<string> {
    await this.handler.handle('in request');
    return 'pong';
  }

  @Get('accounts/:id')
  async account(@Param('id') id: string): Promise<string> {
    assignToRequestLog({ accountId: id });
    await this.handler.handle('for an account');
    if (id === 'gone') throw new NotFoundException();
    return 'found';
  }

  @Get('health/live')
  live(): string {
    return 'ok';
  }

  @Get('hooks/:token/:entity')
  hook(): string {
    return 'accepted';
  }
}

@Module({ controllers: [PingController], providers: [Handler] })
class FeatureModule {}

describe('LoggingModule', () => {
  const output = new Capture();
  let app: INestApplication;
  let handler: Handler;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnv(BaseEnv) }),
        LoggingModule.forRoot('test-svc', { stream: output }),
        FeatureModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
    handler = app.get(Handler);
    output.take();
  });

  afterAll(() => app.close());

  it('binds context fields to every line inside runWithLogContext, across awaits', async () => {
    await runWithLogContext({ messageId: 'm-1', accountId: 'acc-1' }, () => handler.handle('inside'));

    const lines = output.take();
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'test-svc',
        messageId: 'm-1',
        accountId: 'acc-1',
        level: 'info',
      });
    }
    expect(lines[1]).toMatchObject({ msg: 'inside via nest', context: Handler.name });
  });

  it('redacts secrets', async () => {
    await handler.handle('secret');

    const [line] = output.take();
    expect(line).toMatchObject({ apiKey: '[redacted]', account: { secretKey: '[redacted]' } });
    expect(JSON.stringify(line)).not.toContain('key-123');
  });

  it('adds nothing outside a context, and nested contexts add up', async () => {
    await handler.handle('outside');
    await runWithLogContext({ messageId: 'm-2' }, () =>
      runWithLogContext({ accountId: 'acc-2' }, () => handler.handle('nested')),
    );

    const [outside, outsideViaNest, nested, nestedViaNest] = output.take();
    expect(outside).not.toHaveProperty('messageId');
    expect(outsideViaNest).not.toHaveProperty('messageId');
    expect(nested).toMatchObject({ messageId: 'm-2', accountId: 'acc-2' });
    expect(nestedViaNest).toMatchObject({ messageId: 'm-2', accountId: 'acc-2' });
  });

  it('takes the request id from x-request-id, echoes it and logs it on every line of the request', async () => {
    const res = await request(app.getHttpServer())
      .get('/ping')
      .set('x-request-id', 'req-42')
      .set('authorization', 'Bearer top-secret');

    expect(res.headers['x-request-id']).toBe('req-42');
    const lines = output.take();
    expect(lines.map((l) => l.reqId)).toEqual(['req-42', 'req-42', 'req-42']);
    const completed = lines[2] as { msg: string; req: { headers: Record<string, string> } };
    expect(completed.msg).toBe('request completed');
    expect(completed.req.headers.authorization).toBe('[redacted]');
  });

  it('adds what the handler assigned to its later lines and to the access-log line, success or not', async () => {
    await request(app.getHttpServer()).get('/accounts/acc-7').set('x-request-id', 'req-7').expect(200);
    await request(app.getHttpServer()).get('/accounts/gone').set('x-request-id', 'req-8').expect(404);
    await request(app.getHttpServer()).get('/ping').set('x-request-id', 'req-9').expect(200);

    const lines = output.take();
    const of = (reqId: string) => lines.filter((line) => line.reqId === reqId);
    expect(of('req-7').map((line) => line.accountId)).toEqual(['acc-7', 'acc-7', 'acc-7']);
    expect(of('req-7')[2]).toMatchObject({ msg: 'request completed' });
    expect(of('req-8').map((line) => line.accountId)).toEqual(['gone', 'gone', 'gone']);
    expect(of('req-8')[2]).toMatchObject({ level: 'warn', res: { statusCode: 404 } });
    // Nothing leaks into the next request.
    expect(of('req-9')).toHaveLength(3);
    for (const line of of('req-9')) expect(line).not.toHaveProperty('accountId');
    expect(output.repeatedKeys).toEqual([]);
  });

  it('assigns nothing outside an HTTP request', async () => {
    assignToRequestLog({ accountId: 'nowhere' });
    await handler.handle('outside a request');

    for (const line of output.take()) expect(line).not.toHaveProperty('accountId');
  });

  it('generates a request id when none (or a strange one) is given', async () => {
    const res = await request(app.getHttpServer()).get('/ping').set('x-request-id', 'spaces and "quotes"');

    const res2 = await request(app.getHttpServer()).get('/ping');

    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res2.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
    output.take();
  });

  it('does not log probe requests', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);

    expect(output.take()).toEqual([]);
  });

  it('keeps hook tokens out of the access log, in the URL and the route params', async () => {
    const token = 'f00dfeed'.repeat(6);
    await request(app.getHttpServer()).get(`/hooks/${token}/customers?x=1`).expect(200);

    const lines = output.take();
    expect(JSON.stringify(lines)).not.toContain(token);
    const completed = lines.at(-1) as { req: { url: string; params?: unknown } };
    expect(completed.req.url).toBe('/hooks/[redacted]/customers?x=1');
    expect(completed.req.params).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it.each([
    ['/hooks/abc123/orders', '/hooks/[redacted]/orders'],
    ['/feeds/abc123/products.yml', '/feeds/[redacted]/products.yml'],
    ['/settings/' + 'a'.repeat(64) + '?lang=ru', '/settings/[redacted]?lang=ru'],
    ['/api/v1/settings/orders', '/api/v1/settings/orders'],
    ['/retailcrm/register', '/retailcrm/register'],
  ])('%s -> %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
