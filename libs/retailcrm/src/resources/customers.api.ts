import { Pagination } from '../model/common.types';
import {
  Customer,
  CustomerFilter,
  CustomerInput,
  CustomerList,
  UploadedCustomer,
} from '../model/customer.types';
import { CustomerHistoryRecord, HistoryPage } from '../model/history.types';
import { normaliseCustomer, normaliseCustomerHistoryRecord } from '../model/normalise';
import { RetailCrmTransport } from '../transport/retailcrm-transport';
import { historyPages, historyRecords } from './history';

/** Customers (`/api/v5/customers...`). Reach it as `client.customers`. */
export class CustomersApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** A page of customers (`GET /api/v5/customers`); `limit` is 20, 50 or 100. */
  async list(filter: CustomerFilter = {}, page = 1, limit = 100): Promise<CustomerList> {
    const response = await this.transport.send({
      method: 'GET',
      path: '/api/v5/customers',
      query: { filter, page, limit },
    });
    return {
      customers: response.list('customers').map(normaliseCustomer),
      pagination: response.object('pagination') as unknown as Pagination,
    };
  }

  /** One customer by CRM id (`by=id`). Throws {@link RetailCrmNotFoundError} when there is none. */
  async get(id: number): Promise<Customer> {
    const response = await this.transport.send({
      method: 'GET',
      path: `/api/v5/customers/${encodeURIComponent(id)}`,
      query: { by: 'id' },
    });
    return normaliseCustomer(response.object('customer'));
  }

  /**
   * Sets the given fields of a customer by CRM id (`by=id`); gives the id back. An edit sets fields
   * to values, so sending it twice changes nothing more: it is retried after timeouts and network
   * errors like a GET, even though a timed-out edit may already have been applied.
   */
  async edit(id: number, customer: CustomerInput, site?: string): Promise<{ id: number }> {
    const response = await this.transport.send({
      method: 'POST',
      path: `/api/v5/customers/${encodeURIComponent(id)}/edit`,
      form: { by: 'id', customer, site },
      idempotent: true,
    });
    return { id: response.number('id') };
  }

  /**
   * Creates a customer; gives its CRM id. Not retried after a timeout or a network error (it may
   * have been created): such errors come with `retryable: false`.
   */
  async create(customer: CustomerInput, site?: string): Promise<number> {
    const response = await this.transport.send({
      method: 'POST',
      path: '/api/v5/customers/create',
      form: { customer, site },
    });
    return response.number('id');
  }

  /**
   * Creates up to 50 customers at once. When only some were created RetailCRM answers HTTP 460,
   * thrown as {@link RetailCrmPartialSuccessError} whose `result` holds `uploadedCustomers` and
   * `failedCustomers`. Not retried after a timeout or network error, like {@link create}.
   */
  async upload(customers: CustomerInput[], site?: string): Promise<UploadedCustomer[]> {
    const response = await this.transport.send({
      method: 'POST',
      path: '/api/v5/customers/upload',
      form: { customers, site },
    });
    return response.list('uploadedCustomers');
  }

  /**
   * Every customer change after `sinceId` (exclusive; omit or 0 for the whole history), oldest
   * first, fetched 100 at a time as the iteration goes.
   */
  history(sinceId?: number): AsyncGenerator<CustomerHistoryRecord, void, undefined> {
    return historyRecords(this.historyPages(sinceId));
  }

  /** {@link history} a page at a time, for callers that store their cursor once per page. */
  historyPages(sinceId?: number): AsyncGenerator<HistoryPage<CustomerHistoryRecord>, void, undefined> {
    return historyPages(this.transport, '/api/v5/customers/history', sinceId, normaliseCustomerHistoryRecord);
  }
}
