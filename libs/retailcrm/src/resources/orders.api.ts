import { Pagination } from '../model/common.types';
import { HistoryPage, OrderHistoryRecord } from '../model/history.types';
import { normaliseOrder, normaliseOrderHistoryRecord } from '../model/normalise';
import {
  Order,
  OrderFilter,
  OrderInput,
  OrderList,
  OrderStatusInfo,
  OrderWriteResult,
} from '../model/order.types';
import { ApiResponse } from '../transport/api-response';
import { RetailCrmTransport } from '../transport/retailcrm-transport';
import { historyPages, historyRecords } from './history';

/** Orders (`/api/v5/orders...`). Reach it as `client.orders`. */
export class OrdersApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** A page of orders (`GET /api/v5/orders`); `limit` is 20, 50 or 100. */
  async list(filter: OrderFilter = {}, page = 1, limit = 100): Promise<OrderList> {
    const response = await this.transport.send({
      method: 'GET',
      path: '/api/v5/orders',
      query: { filter, page, limit },
    });
    return {
      orders: response.list('orders').map(normaliseOrder),
      pagination: response.object('pagination') as unknown as Pagination,
    };
  }

  /** One order by CRM id (`by=id`). Throws {@link RetailCrmNotFoundError} when there is none. */
  async get(id: number): Promise<Order> {
    const response = await this.transport.send({
      method: 'GET',
      path: `/api/v5/orders/${encodeURIComponent(id)}`,
      query: { by: 'id' },
    });
    return normaliseOrder(response.object('order'));
  }

  /**
   * Sets the given fields of an order by CRM id (`by=id`, `order=<json>`, `site` when given).
   *
   * An edit sets fields to values, so sending it twice changes nothing more: it is retried after
   * timeouts and network errors like a GET, even though a timed-out edit may already have been
   * applied. That holds only for "set" edits: send every line with its `id` (RetailCRM drops lines
   * left out and adds lines without an id), and no new payments.
   */
  async edit(id: number, order: OrderInput, site?: string): Promise<OrderWriteResult> {
    const response = await this.transport.send({
      method: 'POST',
      path: `/api/v5/orders/${encodeURIComponent(id)}/edit`,
      form: { by: 'id', order, site },
      idempotent: true,
    });
    return writeResult(response);
  }

  /**
   * Creates an order. Not retried after a timeout or a network error (it may have been created):
   * such errors come with `retryable: false`.
   */
  async create(order: OrderInput, site?: string): Promise<OrderWriteResult> {
    const response = await this.transport.send({
      method: 'POST',
      path: '/api/v5/orders/create',
      form: { order, site },
    });
    return writeResult(response);
  }

  /** Status and status group of orders by CRM ids and/or external ids (`GET /api/v5/orders/statuses`). */
  async statuses(ids: number[], externalIds: string[] = []): Promise<OrderStatusInfo[]> {
    const response = await this.transport.send({
      method: 'GET',
      path: '/api/v5/orders/statuses',
      query: { ids, externalIds },
    });
    return response.list('orders');
  }

  /**
   * Every order change after `sinceId` (exclusive; omit or 0 for the whole history), oldest first,
   * fetched 100 at a time as the iteration goes.
   */
  history(sinceId?: number): AsyncGenerator<OrderHistoryRecord, void, undefined> {
    return historyRecords(this.historyPages(sinceId));
  }

  /** {@link history} a page at a time, for callers that store their cursor once per page. */
  historyPages(sinceId?: number): AsyncGenerator<HistoryPage<OrderHistoryRecord>, void, undefined> {
    return historyPages(this.transport, '/api/v5/orders/history', sinceId, normaliseOrderHistoryRecord);
  }
}

function writeResult(response: ApiResponse): OrderWriteResult {
  const order = response.body.order;
  return { id: response.number('id'), ...(order !== undefined && { order: normaliseOrder(order) }) };
}
