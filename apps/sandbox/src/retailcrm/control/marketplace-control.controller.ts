import { Body, Controller, HttpCode, Param, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { MarketplaceService } from './marketplace.service';
import { ActivityDto, RegisterDto } from './retailcrm-control.dto';

/** The simulated marketplace calling the module, for tests and the demo. */
@Controller('control/retailcrm/accounts/:code')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
export class MarketplaceControlController {
  constructor(private readonly marketplace: MarketplaceService) {}

  /** Connects the module to the account (simple connection); answers what the module said. */
  @Post('register')
  @HttpCode(200)
  register(@Param('code') code: string, @Body() body: RegisterDto) {
    return this.marketplace.register(code, body.moduleUrl);
  }

  /** Sends the module's `activity` callback; answers what the module said. */
  @Post('activity')
  @HttpCode(200)
  activity(@Param('code') code: string, @Body() body: ActivityDto) {
    return this.marketplace.activity(code, { active: body.active, freeze: body.freeze }, body.moduleCode);
  }
}
