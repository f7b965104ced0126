import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';
import { formObject } from './crm-form';

/** `/api/v5/integration-modules/{code}`: what a marketplace module registers about itself. */
@CrmApiController('api/v5/integration-modules')
export class IntegrationModulesController {
  @Get(':code')
  @RequireScope('integration_read')
  get(@Crm() call: CrmCall, @Param('code') code: string) {
    return { success: true, integrationModule: call.account.integrationModules.get(code) };
  }

  /** 201 when the module is new, 200 when it is updated; `info` is `[]` for a plain module. */
  @Post(':code/edit')
  @RequireScope('integration_write')
  edit(
    @Crm() call: CrmCall,
    @Param('code') code: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { created } = call.account.integrationModules.edit(code, formObject(body, 'integrationModule'));
    response.status(created ? 201 : 200);
    return { success: true, info: [] };
  }
}
