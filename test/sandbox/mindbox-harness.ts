import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = process.env.FIXTURES_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures');

/** The folder of the recorded Mindbox answers and requests. */
export const MINDBOX_FIXTURES = join(FIXTURES, 'mindbox');

/** A recorded Mindbox answer or request from the shared fixtures. */
export function mindboxFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(MINDBOX_FIXTURES, name), 'utf8')) as T;
}

/** Order operations under the names a new project maps them by (store/project-defaults.ts). */
export const CALCULATE = 'Website.CalculateAuthorizedCart';
export const BEGIN = 'Website.BeginAuthorizedOrderTransaction';
export const COMMIT = 'Website.CommitOrderTransaction';
export const ROLLBACK = 'Website.RollbackOrderTransaction';
export const LINE_STATUS = 'Website.UpdateOrderItemsStatus';
export const CANCEL = 'Website.CancelOrder';

/** The body of a commit or rollback of `transaction` of the order with `retailcrmId` `orderId`. */
export const transactionRef = (orderId: string, transaction: string) => ({
  order: { ids: { retailcrmId: orderId }, transaction: { ids: { externalId: transaction } } },
});

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

// The body is whatever JSON the sandbox sent; tests read it as the shape they expect.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

/** The sandbox app (SandboxModule, as `main.ts` builds it) on a free port. */
export class SandboxUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    /** From the module's compile to listening: the app's own start, without loading the code. */
    readonly bootMs: number,
  ) {}

  static async start(): Promise<SandboxUnderTest> {
    // 4xx answers are what these tests ask for; keep pino's warnings about them out of the output.
    process.env.LOG_LEVEL = process.env.SANDBOX_TEST_LOG_LEVEL ?? 'error';
    // Loaded here, not imported above, so that a test can set SANDBOX_SEED before the env is read.
    const { SandboxModule } = await import('../../apps/sandbox/src/sandbox.module');
    const started = performance.now();
    const moduleRef = await Test.createTestingModule({ imports: [SandboxModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new SandboxUnderTest(app, `http://127.0.0.1:${port}`, performance.now() - started);
  }

  async request<T = AnyJson>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A call to the control API that must succeed. */
  async control<T = AnyJson>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, `/control/mindbox${path}`, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Injects a fault (`POST /control/faults`) that must be accepted. */
  async fault(fault: Record<string, unknown>): Promise<void> {
    const answer = await this.request('POST', '/control/faults', fault);
    if (answer.status >= 300)
      throw new Error(`fault refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  mindbox(endpointId: string, secretKey: string): MindboxCaller {
    return new MindboxCaller(this, endpointId, secretKey);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export interface CallOptions {
  mode?: 'sync' | 'async';
  transactionId?: string;
  /** The whole Authorization header; null sends none. */
  authorization?: string | null;
}

/** Calls operations of one simulated project as the module's Mindbox client does. */
export class MindboxCaller {
  constructor(
    private readonly sandbox: SandboxUnderTest,
    readonly endpointId: string,
    readonly secretKey: string,
  ) {}

  call(operation: string, body: unknown, options: CallOptions = {}): Promise<HttpAnswer<AnyJson>> {
    const query = new URLSearchParams({ endpointId: this.endpointId, operation });
    if (options.transactionId) query.set('transactionId', options.transactionId);
    const authorization =
      options.authorization === undefined ? `SecretKey ${this.secretKey}` : options.authorization;
    return this.sandbox.request(
      'POST',
      `/mindbox/v3/operations/${options.mode ?? 'sync'}?${query.toString()}`,
      body,
      authorization === null ? {} : { authorization },
    );
  }
}
