import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { FaultDto, FaultInjector } from './faults.service';
import { RequestLog, Side } from './request-log.service';
import { ResetRegistry } from './reset.registry';

/** Test and benchmark controls shared by both simulators. */
@Controller('control')
export class ControlController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly log: RequestLog,
    private readonly resets: ResetRegistry,
  ) {}

  @Post('faults')
  addFault(@Body() fault: FaultDto) {
    return this.faults.add(fault);
  }

  @Get('faults')
  listFaults() {
    return { faults: this.faults.list() };
  }

  @Delete('faults')
  @HttpCode(204)
  clearFaults(): void {
    this.faults.clear();
  }

  @Get('requests')
  requests(
    @Query('side') side?: Side,
    @Query('operation') operation?: string,
    @Query('tenant') tenant?: string,
    @Query('sinceSeq') sinceSeq?: string,
  ) {
    return {
      requests: this.log.list({ side, operation, tenant, sinceSeq: sinceSeq ? Number(sinceSeq) : undefined }),
    };
  }

  @Delete('requests')
  @HttpCode(204)
  clearRequests(): void {
    this.log.clear();
  }

  /** Forgets every account, customer, order, Mindbox project, fault and logged request. */
  @Post('reset')
  @HttpCode(204)
  async reset(): Promise<void> {
    this.faults.clear();
    this.log.clear();
    await this.resets.resetAll();
  }
}
