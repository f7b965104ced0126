import { Controller, Get, INestApplication, NotFoundException, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MetricsModule } from './metrics.module';
import { MetricsService } from './metrics.service';

@Controller('accounts')
class AccountsController {
  @Get(':id')
  find(@Param('id') id: string): { id: string } {
    if (id === 'missing') throw new NotFoundException();
    return { id };
  }
}

/** Whether `text` has a sample `name{...} value` carrying all `labels`, in any order. */
function hasSample(text: string, name: string, labels: Record<string, string>, value: number): boolean {
  return text.split('\n').some((line) => {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name || Number(match[3]) !== value) return false;
    const pairs = match[2].split(',');
    return Object.entries(labels).every(([k, v]) => pairs.includes(`${k}="${v}"`));
  });
}

describe('MetricsModule', () => {
  let app: INestApplication;
  let sut: MetricsService;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MetricsModule.forRoot('test-svc')],
      controllers: [AccountsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    sut = app.get(MetricsService);
  });

  afterAll(() => app.close());

  async function scrape(): Promise<string> {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    // Express puts charset first; parameter order does not matter to Prometheus.
    expect(res.headers['content-type']).toMatch(/^text\/plain;/);
    expect(res.headers['content-type']).toContain('version=0.0.4');
    return res.text;
  }

  it('serves messaging metrics with the service label', async () => {
    sut.messagesConsumed.inc({ queue: 'customer-sync.customer-changed' });
    sut.messagesPublished.inc({ routing_key: 'customer.changed.v1' }, 2);
    sut.outboxLagSeconds.set(12);
    sut.messageHandlingDuration.observe({ queue: 'q' }, 0.3);

    const text = await scrape();

    const service = 'test-svc';
    expect(
      hasSample(text, 'messages_consumed_total', { queue: 'customer-sync.customer-changed', service }, 1),
    ).toBe(true);
    expect(
      hasSample(text, 'messages_published_total', { routing_key: 'customer.changed.v1', service }, 2),
    ).toBe(true);
    expect(hasSample(text, 'outbox_lag_seconds', { service }, 12)).toBe(true);
    expect(hasSample(text, 'message_handling_duration_seconds_count', { queue: 'q', service }, 1)).toBe(true);
    for (const name of [
      'messages_failed_total',
      'messages_retried_total',
      'messages_dead_lettered_total',
      'outbox_pending',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('collects unprefixed process metrics', async () => {
    expect(await scrape()).toMatch(/^process_cpu_user_seconds_total\{service="test-svc"\} /m);
  });

  it('times HTTP requests by route pattern, not by URL, and skips the scrape', async () => {
    await request(app.getHttpServer()).get('/accounts/7').expect(200);
    await request(app.getHttpServer()).get('/accounts/missing').expect(404);
    await request(app.getHttpServer()).get('/nowhere?x=1').expect(404);

    const text = await scrape();

    const count = (route: string, status_code: string): boolean =>
      hasSample(
        text,
        'http_request_duration_seconds_count',
        { method: 'GET', route, status_code, service: 'test-svc' },
        1,
      );
    expect(count('/accounts/:id', '200')).toBe(true);
    expect(count('/accounts/:id', '404')).toBe(true);
    expect(count('unmatched', '404')).toBe(true);
    expect(text.match(/^http_request_duration_seconds_count/gm)).toHaveLength(3);
  });
});
