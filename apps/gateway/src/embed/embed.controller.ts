import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EmbedService } from './embed.service';
import { OrderCardAssetsService } from './order-card-assets.service';

/** The order-card extension: its files, and the actions it calls through RetailCRM. */
@ApiTags('order card')
@Controller()
export class EmbedController {
  constructor(
    private readonly embed: EmbedService,
    private readonly assets: OrderCardAssetsService,
  ) {}

  /** Form `clientId`, `payload=<json>` -> the action's JSON; 401 unknown clientId, 400 bad payload. */
  @Post('retailcrm/embed/:action')
  async action(
    @Param('action') action: string,
    @Body() form: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const answer = await this.embed.run(action, form ?? {});
    response.status(answer.status).json(answer.body);
  }

  @Get('embed/:file')
  file(@Param('file') file: string, @Res() response: Response): void {
    this.assets.send(file, response);
  }
}
