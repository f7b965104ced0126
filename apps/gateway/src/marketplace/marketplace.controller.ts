import { Body, Controller, Get, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CallbackForm } from './callback-forms';
import { MarketplaceErrorsFilter } from './marketplace-errors.filter';
import { MarketplaceService, ModuleConfig } from './marketplace.service';

/** What RetailCRM calls: the simple connection and the installation's callbacks (form-encoded). */
@ApiTags('retailcrm')
@Controller('retailcrm')
@UseFilters(MarketplaceErrorsFilter)
export class MarketplaceController {
  constructor(private readonly marketplace: MarketplaceService) {}

  @Get('config')
  config(): ModuleConfig {
    return this.marketplace.moduleConfig();
  }

  /** `register=<json {systemUrl, apiKey, token}>` -> `{success, accountUrl}`; 401 on a bad token. */
  @Post('register')
  @HttpCode(200)
  register(@Body() form: CallbackForm) {
    return this.marketplace.register(form);
  }

  /** `clientId`, `activity=<json {active, freeze}>`, `systemUrl` -> `{success}`. */
  @Post('activity')
  @HttpCode(200)
  activity(@Body() form: CallbackForm) {
    return this.marketplace.activity(form);
  }

  /** `clientId`, `settings=<json>` -> `{success}`. */
  @Post('settings')
  @HttpCode(200)
  settings(@Body() form: CallbackForm) {
    return this.marketplace.crmSettings(form);
  }
}
