import { Pagination } from '../model/common.types';
import { CustomField, CustomFieldEntity, CustomFieldInput } from '../model/custom-field.types';
import { RetailCrmTransport } from '../transport/retailcrm-transport';

/** Custom fields (`/api/v5/custom-fields...`). Reach it as `client.customFields`. */
export class CustomFieldsApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** Every custom field, of one entity when given, reading all pages. */
  async list(entity?: CustomFieldEntity): Promise<CustomField[]> {
    const fields: CustomField[] = [];
    for (let page = 1; ; page += 1) {
      const response = await this.transport.send({
        method: 'GET',
        path: '/api/v5/custom-fields',
        query: { filter: { entity }, limit: 100, page },
      });
      fields.push(...response.list<CustomField>('customFields'));
      const pagination = response.object('pagination') as Partial<Pagination>;
      if (!((pagination.currentPage ?? page) < (pagination.totalPageCount ?? 0))) return fields;
    }
  }

  /** One custom field. Throws {@link RetailCrmNotFoundError} when there is none. */
  async get(entity: CustomFieldEntity, code: string): Promise<CustomField> {
    const response = await this.transport.send({
      method: 'GET',
      path: `/api/v5/custom-fields/${encodeURIComponent(entity)}/${encodeURIComponent(code)}`,
    });
    return response.object('customField') as CustomField;
  }

  /**
   * Creates a custom field (`customField=<json>`); gives its code. Not retried after a timeout or a
   * network error: if it was created, a second try fails as a duplicate code.
   */
  async create(entity: CustomFieldEntity, field: CustomFieldInput): Promise<string> {
    const response = await this.transport.send({
      method: 'POST',
      path: `/api/v5/custom-fields/${encodeURIComponent(entity)}/create`,
      form: { customField: field },
    });
    return response.string('code');
  }
}
