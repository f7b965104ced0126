import { Injectable } from '@nestjs/common';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Side } from './request-log.service';

/** A fault to inject into one simulated API for a while or for a number of requests. */
export class FaultDto {
  @IsIn(['retailcrm', 'mindbox'])
  side: Side;

  /** latency: answer late; status: answer this status and body; timeout: never answer; drop: cut the connection. */
  @IsIn(['latency', 'status', 'timeout', 'drop'])
  kind: 'latency' | 'status' | 'timeout' | 'drop';

  /** Only requests of this operation (Mindbox operation, or RetailCRM method path like `/api/v5/orders`). */
  @IsOptional()
  @IsString()
  operation?: string;

  /** Only this tenant (RetailCRM account code, Mindbox endpoint id). */
  @IsOptional()
  @IsString()
  tenant?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120_000)
  latencyMs?: number;

  /** Default 503. A 200 with a `body` makes an answer such as Mindbox's InternalServerError on HTTP 200. */
  @IsOptional()
  @IsInt()
  @Min(200)
  @Max(599)
  status?: number;

  @IsOptional()
  @IsObject()
  body?: Record<string, unknown>;

  /** How long the fault lasts; default 60 s. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  forMs?: number;

  /** How many matching requests it hits at most. */
  @IsOptional()
  @IsInt()
  @Min(1)
  times?: number;
}

interface ActiveFault extends FaultDto {
  id: number;
  until: number;
  left: number;
}

/** Faults currently injected; each request takes the first that matches. */
@Injectable()
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(fault: FaultDto): ActiveFault {
    const active = {
      ...fault,
      id: this.nextId++,
      until: Date.now() + (fault.forMs ?? 60_000),
      left: fault.times ?? Number.POSITIVE_INFINITY,
    };
    this.faults.push(active);
    return active;
  }

  /** The fault this request meets, counting it against the fault's budget. */
  take(side: Side, operation: string, tenant: string | undefined): ActiveFault | undefined {
    const now = Date.now();
    this.faults = this.faults.filter((f) => f.until > now && f.left > 0);
    const fault = this.faults.find(
      (f) =>
        f.side === side && (!f.operation || f.operation === operation) && (!f.tenant || f.tenant === tenant),
    );
    if (fault) fault.left -= 1;
    return fault;
  }

  list(): ActiveFault[] {
    return this.faults.filter((f) => f.until > Date.now() && f.left > 0);
  }

  clear(): void {
    this.faults = [];
  }
}
