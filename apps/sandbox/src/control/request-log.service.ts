import { Injectable } from '@nestjs/common';

/** Which simulated API a request went to. */
export type Side = 'retailcrm' | 'mindbox';

/** One request as the sandbox received it. */
export interface LoggedRequest {
  seq: number;
  at: string;
  side: Side;
  method: string;
  path: string;
  /** Mindbox operation name, or the RetailCRM method path without the account prefix. */
  operation: string;
  transactionId?: string;
  /** The RetailCRM account code or the Mindbox endpoint id. */
  tenant?: string;
  status?: number;
  query: Record<string, unknown>;
  body: unknown;
}

const LIMIT = 50_000;

/** Every request the simulators received, newest last, bounded so long benchmarks stay lean. */
@Injectable()
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  record(entry: Omit<LoggedRequest, 'seq' | 'at'>): LoggedRequest {
    const logged = { ...entry, seq: ++this.seq, at: new Date().toISOString() };
    this.entries.push(logged);
    if (this.entries.length > LIMIT) this.entries.splice(0, this.entries.length - LIMIT);
    return logged;
  }

  /** Entries after `sinceSeq`, optionally of one side, operation or tenant. */
  list(
    filter: { sinceSeq?: number; side?: Side; operation?: string; tenant?: string } = {},
  ): LoggedRequest[] {
    return this.entries.filter(
      (e) =>
        e.seq > (filter.sinceSeq ?? 0) &&
        (!filter.side || e.side === filter.side) &&
        (!filter.operation || e.operation === filter.operation) &&
        (!filter.tenant || e.tenant === filter.tenant),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
