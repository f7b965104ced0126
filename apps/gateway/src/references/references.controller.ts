import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@app/settings';
import { ClientIdGuard, CurrentAccount } from '../auth/client-id.guard';
import { ReferencesQuery } from './references.dto';
import { References, ReferencesService } from './references.service';

/** The CRM's dictionaries for the settings page; 502 when RetailCRM cannot be asked. */
@ApiTags('settings')
@ApiBearerAuth()
@UseGuards(ClientIdGuard)
@Controller('api/v1/references')
export class ReferencesController {
  constructor(private readonly references: ReferencesService) {}

  @Get()
  get(@CurrentAccount() account: AccountEntity, @Query() query: ReferencesQuery): Promise<References> {
    return this.references.get(account, query.refresh === '1' || query.refresh === 'true');
  }
}
