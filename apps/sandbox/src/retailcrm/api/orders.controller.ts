import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';
import { entityRef, historyQuery, orderListQuery } from './crm-filters';
import { formField, formObject } from './crm-form';

/** `/api/v5/orders`: list, history, statuses, get, create, edit. */
@CrmApiController('api/v5/orders')
export class OrdersController {
  @Get()
  @RequireScope('order_read')
  list(@Crm() call: CrmCall) {
    const { filter, paging } = orderListQuery(call.query);
    return { success: true, ...call.account.orders.list(filter, paging, call.access) };
  }

  @Get('history')
  @RequireScope('order_read')
  history(@Crm() call: CrmCall) {
    const query = historyQuery(call.query, 'order', call.access);
    return {
      success: true,
      generatedAt: call.account.now(),
      ...call.account.orders.history.page(query, call.key.key),
    };
  }

  @Get('statuses')
  @RequireScope('order_read')
  statuses(@Crm() call: CrmCall) {
    const ids = call.query.integers('ids') ?? [];
    const externalIds = call.query.list('externalIds') ?? [];
    call.query.throwIfInvalid();
    return { success: true, orders: call.account.orders.statuses(ids, externalIds, call.access) };
  }

  /** Answers the new order with `payments` as an array, as the real create answer has it. */
  @Post('create')
  @RequireScope('order_write')
  create(@Crm() call: CrmCall, @Body() body: unknown) {
    const input = formObject(body, 'order');
    const site = call.account.resolveSite(formField(body, 'site') ?? call.query.string('site'), call.access);
    const order = call.account.orders.create(call.actor, input, site);
    return { success: true, id: order.id, order: call.account.orders.view(order, 'create') };
  }

  @Get(':externalId')
  @RequireScope('order_read')
  get(@Crm() call: CrmCall, @Param('externalId') id: string) {
    const ref = entityRef(id, call.query.string('by'), call.query.string('site'));
    return { success: true, order: call.account.orders.view(call.account.orders.find(ref, call.access)) };
  }

  /** `items`, when sent, replace the order's items: those left out are deleted. */
  @Post(':externalId/edit')
  @HttpCode(200)
  @RequireScope('order_write')
  edit(@Crm() call: CrmCall, @Param('externalId') id: string, @Body() body: unknown) {
    const input = formObject(body, 'order');
    const ref = entityRef(
      id,
      formField(body, 'by') ?? call.query.string('by'),
      formField(body, 'site') ?? call.query.string('site'),
    );
    const order = call.account.orders.edit(call.actor, ref, input, call.access);
    return { success: true, id: order.id, order: call.account.orders.view(order) };
  }
}
