import { Pagination } from '../model/common.types';
import { normaliseProduct } from '../model/normalise';
import {
  InventoryList,
  OfferInventory,
  ProductGroup,
  ProductGroupList,
  ProductList,
  StoreFilter,
} from '../model/store.types';
import { ApiResponse } from '../transport/api-response';
import { RetailCrmTransport } from '../transport/retailcrm-transport';

/** The catalogue (`/api/v5/store/...`), for the product feed. Reach it as `client.store`. */
export class StoreApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** A page of products with their offers; `limit` is 20, 50 or 100. */
  async products(filter: StoreFilter = {}, page = 1, limit = 100): Promise<ProductList> {
    const response = await this.page('products', filter, page, limit);
    return { products: response.list('products').map(normaliseProduct), pagination: paginationOf(response) };
  }

  /** A page of offer stock; `{details: true}` in the filter adds the stock per store. */
  async inventories(filter: StoreFilter = {}, page = 1, limit = 100): Promise<InventoryList> {
    const response = await this.page('inventories', filter, page, limit);
    return { offers: response.list<OfferInventory>('offers'), pagination: paginationOf(response) };
  }

  /** A page of product groups (categories). */
  async productGroups(filter: StoreFilter = {}, page = 1, limit = 100): Promise<ProductGroupList> {
    const response = await this.page('product-groups', filter, page, limit);
    // The API names the list in the singular.
    return { productGroups: response.list<ProductGroup>('productGroup'), pagination: paginationOf(response) };
  }

  private page(path: string, filter: StoreFilter, page: number, limit: number): Promise<ApiResponse> {
    return this.transport.send({
      method: 'GET',
      path: `/api/v5/store/${path}`,
      query: { filter, page, limit },
    });
  }
}

function paginationOf(response: ApiResponse): Pagination {
  return response.object('pagination') as unknown as Pagination;
}
