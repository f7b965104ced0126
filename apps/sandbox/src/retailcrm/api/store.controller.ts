import { Get } from '@nestjs/common';
import { CatalogueBook } from '../catalogue/catalogue-book';
import { groupListQuery, inventoryListQuery, productListQuery } from '../catalogue/store-filters';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';

/** `/api/v5/store`: products with their offers, offer stock, product groups. */
@CrmApiController('api/v5/store')
export class StoreController {
  constructor(private readonly catalogues: CatalogueBook) {}

  @Get('products')
  @RequireScope('store_read')
  products(@Crm() call: CrmCall) {
    const { filter, paging } = productListQuery(call.query);
    return { success: true, ...this.catalogues.of(call.account).listProducts(filter, paging, call.access) };
  }

  @Get('inventories')
  @RequireScope('store_read')
  inventories(@Crm() call: CrmCall) {
    const { filter, paging } = inventoryListQuery(call.query);
    return {
      success: true,
      ...this.catalogues.of(call.account).listInventories(filter, paging, call.access),
    };
  }

  @Get('product-groups')
  @RequireScope('store_read')
  productGroups(@Crm() call: CrmCall) {
    const { filter, paging } = groupListQuery(call.query);
    return { success: true, ...this.catalogues.of(call.account).listGroups(filter, paging, call.access) };
  }
}
