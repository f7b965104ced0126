import { Controller, Get, Head, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AccountEntity } from '@app/settings';
import { ClientIdGuard, CurrentAccount } from '../auth/client-id.guard';
import { FeedTokenService } from './feed-token.service';
import { FeedServer } from './serving/feed-server.service';

/** `GET /feeds/{feedToken}/products.yml`: the account's catalogue as a Mindbox YML feed. */
@ApiTags('feeds')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly server: FeedServer) {}

  /** 200 (gzip when accepted), 304 on a matching ETag or Last-Modified, 404 for an unknown token, 503 before the first build. */
  @Get(':feedToken/products.yml')
  @ApiProduces('application/xml')
  async feed(@Param('feedToken') feedToken: string, @Req() request: Request, @Res() response: Response) {
    await this.send(feedToken, request, response, false);
  }

  @Head(':feedToken/products.yml')
  async head(@Param('feedToken') feedToken: string, @Req() request: Request, @Res() response: Response) {
    await this.send(feedToken, request, response, true);
  }

  private async send(
    feedToken: string,
    request: Request,
    response: Response,
    headOnly: boolean,
  ): Promise<void> {
    const answer = await this.server.answer({
      feedToken,
      acceptEncoding: request.header('accept-encoding'),
      ifNoneMatch: request.header('if-none-match'),
      ifModifiedSince: request.header('if-modified-since'),
      headOnly,
    });
    response.status(answer.status).set(answer.headers);
    if (!answer.body) {
      response.end();
      return;
    }
    // A failure mid-stream cannot change the status any more: the connection is cut instead.
    await pipeline(answer.body, response).catch(() => response.destroy());
  }
}

/** The Products tab's feed address (`Authorization: Bearer <clientId>`). */
@ApiTags('settings')
@ApiBearerAuth()
@UseGuards(ClientIdGuard)
@Controller('api/v1/settings/products')
export class FeedSettingsController {
  constructor(private readonly tokens: FeedTokenService) {}

  /** `{feedUrl, status}`: the address to give Mindbox and the feed's state. */
  @Get('feed')
  view(@CurrentAccount() account: AccountEntity) {
    return this.tokens.view(account);
  }

  /** A new feed URL: `{feedUrl}`; the old one answers 404 from now on. */
  @Post('feed-token')
  @HttpCode(200)
  regenerate(@CurrentAccount() account: AccountEntity) {
    return this.tokens.regenerate(account);
  }
}
