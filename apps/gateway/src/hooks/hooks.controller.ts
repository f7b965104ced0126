import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SYNC_ENTITIES, type SyncEntity } from '@app/messaging';
import { HookOutcome, HooksService } from './hooks.service';

const TOKEN = /^[0-9a-f]{16,128}$/;
const HINT = /^[\w.-]{1,64}$/;

const notFound = () => new NotFoundException({ message: 'There is no such hook' });

/** The CRM id or externalId the trigger sent (form or JSON), when it looks like one; for the logs only. */
function hintOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, externalId } = body as Record<string, unknown>;
  for (const value of [id, externalId]) {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text === 'string' && HINT.test(text)) return text;
  }
  return undefined;
}

/**
 * `POST /hooks/{hookToken}/customers|orders`: the "callback for acceleration" of the Access tab,
 * called by the shop's RetailCRM triggers. Any body; 202 for a known token, 404 otherwise (the
 * same 404 for a bad token and a bad entity, so the answer tells nothing about tokens).
 */
@ApiExcludeController()
@Controller('hooks')
export class HooksController {
  constructor(private readonly hooks: HooksService) {}

  @Post(':hookToken/:entity')
  @HttpCode(202)
  async trigger(
    @Param('hookToken') hookToken: string,
    @Param('entity') entity: string,
    @Body() body: unknown,
  ): Promise<HookOutcome> {
    if (!TOKEN.test(hookToken) || !SYNC_ENTITIES.includes(entity as SyncEntity)) throw notFound();
    const account = await this.hooks.findAccount(hookToken);
    if (!account) throw notFound();
    return this.hooks.trigger(account, entity as SyncEntity, hintOf(body));
  }
}
