import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SettingsPageService } from './settings-page.service';

/** The settings page (RetailCRM's `accountUrl`) and its assets. */
@ApiExcludeController()
@Controller('settings')
export class SettingsPageController {
  constructor(private readonly page: SettingsPageService) {}

  @Get('assets/*path')
  asset(@Param('path') path: string | string[], @Res() response: Response): void {
    this.page.asset(path, response);
  }

  @Get(':clientId')
  show(@Param('clientId') clientId: string, @Res() response: Response): void {
    this.page.page(clientId, response);
  }
}
