import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the stub received it. */
export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined. */
  body: unknown;
}

/** One answer to give. `text` is sent verbatim; else `body` as JSON. */
export interface StubReply {
  status?: number;
  text?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long before answering (to make the client time out). */
  delayMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that records what the client sends and answers with
 * queued replies, in order. With the queue empty it answers 599 so that a test sees the surprise.
 */
export class MindboxStubServer {
  readonly requests: StubRequest[] = [];
  private readonly replies: StubReply[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<MindboxStubServer> {
    const server = createServer();
    const stub = new MindboxStubServer(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://stub');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        stub.requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          text,
          body,
        });
        const reply = stub.replies.shift() ?? { status: 599, text: 'no reply queued' };
        const send = () => {
          if (res.destroyed) return;
          const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
          res.writeHead(reply.status ?? 200, {
            'Content-Type': 'application/json; charset=utf-8',
            ...reply.headers,
          });
          res.end(payload);
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** The base URL to give the client as `apiUrl`. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queues answers, given in the order of the requests to come. */
  reply(...replies: StubReply[]): this {
    this.replies.push(...replies);
    return this;
  }

  /** Forgets recorded requests and queued answers. */
  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
