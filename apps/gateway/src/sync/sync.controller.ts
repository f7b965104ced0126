import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@app/settings';
import { ClientIdGuard, CurrentAccount } from '../auth/client-id.guard';
import { FullLoadBody, JournalQuery, JournalRetryBody } from './sync.dto';
import { SyncJournal, SyncService, SyncStatusView } from './sync.service';

/** The sync tab: progress, counters, the journal and its buttons, for the authenticated account. */
@ApiTags('sync')
@ApiBearerAuth()
@UseGuards(ClientIdGuard)
@Controller('api/v1/sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /** Full-load progress, counters of the last 24 hours, queue depth and the last error, per entity. */
  @Get('status')
  status(@CurrentAccount() account: AccountEntity): Promise<SyncStatusView> {
    return this.sync.status(account.id);
  }

  /** Recent operations, newest first, with their outcome and Mindbox's or the CRM's words. */
  @Get('journal')
  journal(@CurrentAccount() account: AccountEntity, @Query() query: JournalQuery): Promise<SyncJournal> {
    return this.sync.journal(account.id, query);
  }

  /** 202: the customer or order is sent again as it is now. */
  @Post('journal/:id/retry')
  @HttpCode(202)
  retry(
    @CurrentAccount() account: AccountEntity,
    @Param('id', new ParseIntPipe({ errorHttpStatusCode: 404 })) id: number,
    @Body() body: JournalRetryBody,
  ): Promise<{ queued: true }> {
    return this.sync.retry(account.id, body.entity ?? 'customers', id);
  }

  /** 202: `{entity: "customers"}` starts the full load, or resumes the one that runs. */
  @Post('full-load')
  @HttpCode(202)
  fullLoad(@CurrentAccount() account: AccountEntity, @Body() body: FullLoadBody): Promise<{ queued: true }> {
    return this.sync.startFullLoad(account.id, body.entity);
  }
}
