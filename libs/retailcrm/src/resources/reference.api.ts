import { OrderMethod, OrderStatus, OrderStatusGroup, ProductStatus, Site } from '../model/reference.types';
import { RetailCrmTransport } from '../transport/retailcrm-transport';

/**
 * Reference dictionaries (`/api/v5/reference/...`). RetailCRM sends them as objects keyed by code;
 * each method gives a list (and takes a list too). Reach it as `client.reference`.
 */
export class ReferenceApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** The account's shops. */
  sites(): Promise<Site[]> {
    return this.dictionary('sites', 'sites');
  }

  /** Order statuses, each with the code of its group. */
  statuses(): Promise<OrderStatus[]> {
    return this.dictionary('statuses', 'statuses');
  }

  /** Status groups, each with the codes of its statuses. */
  statusGroups(): Promise<OrderStatusGroup[]> {
    return this.dictionary('status-groups', 'statusGroups');
  }

  /** Order methods. */
  orderMethods(): Promise<OrderMethod[]> {
    return this.dictionary('order-methods', 'orderMethods');
  }

  /** Statuses of order lines. */
  productStatuses(): Promise<ProductStatus[]> {
    return this.dictionary('product-statuses', 'productStatuses');
  }

  private async dictionary<T>(path: string, key: string): Promise<T[]> {
    const response = await this.transport.send({ method: 'GET', path: `/api/v5/reference/${path}` });
    return response.list<T>(key);
  }
}
