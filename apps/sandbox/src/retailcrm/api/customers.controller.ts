import { Body, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { customerView } from '../store/entity-views';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';
import { customerListQuery, entityRef, historyQuery } from './crm-filters';
import { formField, formObject, formObjects } from './crm-form';

/** `/api/v5/customers`: list, history, get, create, edit, upload, combine. */
@CrmApiController('api/v5/customers')
export class CustomersController {
  @Get()
  @RequireScope('customer_read')
  list(@Crm() call: CrmCall) {
    const { filter, paging } = customerListQuery(call.query);
    return { success: true, ...call.account.customers.list(filter, paging, call.access) };
  }

  @Get('history')
  @RequireScope('customer_read')
  history(@Crm() call: CrmCall) {
    const query = historyQuery(call.query, 'customer', call.access);
    return {
      success: true,
      generatedAt: call.account.now(),
      ...call.account.customers.history.page(query, call.key.key),
    };
  }

  @Post('create')
  @RequireScope('customer_write')
  create(@Crm() call: CrmCall, @Body() body: unknown) {
    const input = formObject(body, 'customer');
    const site = call.account.resolveSite(formField(body, 'site') ?? call.query.string('site'), call.access);
    return { success: true, id: call.account.customers.create(call.actor, input, site).id };
  }

  /** Batch create; some customers failing gives HTTP 460 with both lists, as the real API does. */
  @Post('upload')
  @HttpCode(200)
  @RequireScope('customer_write')
  upload(@Crm() call: CrmCall, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const inputs = formObjects(body, 'customers');
    const site = call.account.resolveSite(formField(body, 'site') ?? call.query.string('site'), call.access);
    const result = call.account.uploadCustomers(call.actor, inputs, site);
    if (result.failed.length === 0) {
      return { success: true, uploadedCustomers: result.uploaded, failedCustomers: [] };
    }
    response.status(460);
    return {
      success: false,
      uploadedCustomers: result.uploaded,
      failedCustomers: result.failed,
      errorMsg: 'Customers are loaded with errors',
      errors: result.errors,
    };
  }

  @Post('combine')
  @HttpCode(200)
  @RequireScope('customer_write')
  combine(@Crm() call: CrmCall, @Body() body: unknown) {
    const merged = formObjects(body, 'customers').map((customer) => Number(customer.id));
    const result = Number(formObject(body, 'resultCustomer').id);
    call.account.mergeCustomers(call.actor, result, merged);
    return { success: true };
  }

  @Get(':externalId')
  @RequireScope('customer_read')
  get(@Crm() call: CrmCall, @Param('externalId') id: string) {
    const ref = entityRef(id, call.query.string('by'), call.query.string('site'));
    return { success: true, customer: customerView(call.account.customers.find(ref, call.access)) };
  }

  @Post(':externalId/edit')
  @HttpCode(200)
  @RequireScope('customer_write')
  edit(@Crm() call: CrmCall, @Param('externalId') id: string, @Body() body: unknown) {
    const input = formObject(body, 'customer');
    const ref = entityRef(
      id,
      formField(body, 'by') ?? call.query.string('by'),
      formField(body, 'site') ?? call.query.string('site'),
    );
    return { success: true, id: call.account.customers.edit(call.actor, ref, input, call.access).id };
  }
}
