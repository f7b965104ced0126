import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccountEntity } from '@app/settings';
import { ClientIdGuard, CurrentAccount } from '../auth/client-id.guard';
import { SettingsTabsService } from './settings-tabs.service';

/** The six settings tabs of the authenticated account (`Authorization: Bearer <clientId>`). */
@ApiTags('settings')
@ApiBearerAuth()
@UseGuards(ClientIdGuard)
@Controller('api/v1/settings')
export class SettingsController {
  constructor(private readonly tabs: SettingsTabsService) {}

  /** `{access, mindbox, customers, orders, products, fields}`; secrets masked, unsaved tabs null. */
  @Get()
  view(@CurrentAccount() account: AccountEntity) {
    return this.tabs.view(account);
  }

  /** 200 with the saved tab; 422 `{message, errors: {"dotted.path": text}}` and nothing changed. */
  @Put(':tab')
  save(@CurrentAccount() account: AccountEntity, @Param('tab') tab: string, @Body() body: unknown) {
    return this.tabs.save(account, tab, body);
  }

  /** A new hook URL: `{hookUrl}`. */
  @Post('access/hook-token')
  @HttpCode(200)
  regenerateHookToken(@CurrentAccount() account: AccountEntity) {
    return this.tabs.regenerateHookToken(account);
  }
}
