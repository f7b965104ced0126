import { Body, Get, Param, Post } from '@nestjs/common';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';
import { customFieldListQuery } from './crm-filters';
import { formObject } from './crm-form';

/** `/api/v5/custom-fields`: list, get, create. */
@CrmApiController('api/v5/custom-fields')
export class CustomFieldsController {
  @Get()
  @RequireScope('custom_fields_read')
  list(@Crm() call: CrmCall) {
    const { filter, paging } = customFieldListQuery(call.query);
    const { customFields, pagination } = call.account.customFields.list(filter, paging);
    return { success: true, pagination, customFields };
  }

  @Get(':entity/:code')
  @RequireScope('custom_fields_read')
  get(@Crm() call: CrmCall, @Param('entity') entity: string, @Param('code') code: string) {
    return { success: true, customField: call.account.customFields.get(entity, code) };
  }

  @Post(':entity/create')
  @RequireScope('custom_fields_write')
  create(@Crm() call: CrmCall, @Param('entity') entity: string, @Body() body: unknown) {
    return { success: true, code: call.account.customFields.create(entity, formObject(body, 'customField')) };
  }
}
