import { CrmNotFoundError } from './crm.errors';
import type { CustomField, JsonObject } from './crm.types';
import { customFieldView, View } from './entity-views';
import { InputReader } from './input-reader';
import { Paging, pageOf } from './paging';

const TYPES = [
  'boolean',
  'date',
  'datetime',
  'dictionary',
  'multiselect_dictionary',
  'email',
  'integer',
  'numeric',
  'string',
  'text',
];
const ENTITIES = ['customer', 'order', 'loyalty_account'];

/** Filters of `GET /api/v5/custom-fields`. */
export interface CustomFieldFilter {
  entity?: string;
  code?: string;
  name?: string;
  types?: string[];
}

/** The custom fields of an account; customers and orders keep values only for these codes. */
export class CustomFieldCatalog {
  constructor(private readonly fields: CustomField[]) {}

  of(entity: CustomField['entity']): CustomField[] {
    return this.fields.filter((field) => field.entity === entity);
  }

  list(filter: CustomFieldFilter, paging: Paging) {
    const name = filter.name?.toLowerCase();
    const matching = this.fields.filter(
      (field) =>
        (!filter.entity || field.entity === filter.entity) &&
        (!filter.code || field.code === filter.code) &&
        (!name || field.name.toLowerCase().includes(name)) &&
        (!filter.types || filter.types.includes(field.type)),
    );
    const page = pageOf(matching, paging);
    return { customFields: page.items.map(customFieldView), pagination: page.pagination };
  }

  get(entity: string, code: string): View {
    const field = this.fields.find((known) => known.entity === entity && known.code === code);
    if (!field) throw new CrmNotFoundError();
    return customFieldView(field);
  }

  /** `POST /api/v5/custom-fields/{entity}/create`; answers the new field's code. */
  create(entity: string, input: JsonObject): string {
    if (!ENTITIES.includes(entity)) throw new CrmNotFoundError();
    const reader = new InputReader(input);
    const code = reader.string('code');
    const name = reader.string('name');
    const type = reader.string('type');
    if (!code) reader.fail('code', 'This value should not be blank.');
    else if (!/^[a-z0-9_-]+$/i.test(code)) reader.fail('code', 'This value is not valid.');
    else if (this.fields.some((field) => field.entity === entity && field.code === code)) {
      reader.fail('code', 'A custom field with this code already exists.');
    }
    if (!name) reader.fail('name', 'This value should not be blank.');
    if (!type || !TYPES.includes(type)) reader.fail('type', 'This value is not valid.');
    const dictionary = reader.string('dictionary');
    if ((type === 'dictionary' || type === 'multiselect_dictionary') && !dictionary) {
      reader.fail('dictionary', 'This value should not be blank.');
    }
    const defaultValue = reader.raw('default');
    const field: CustomField = {
      name: name ?? '',
      code: code ?? '',
      required: reader.boolean('required') ?? false,
      inFilter: reader.boolean('inFilter') ?? true,
      inList: reader.boolean('inList') ?? true,
      inGroupActions: reader.boolean('inGroupActions') ?? false,
      type: type ?? '',
      entity: entity as CustomField['entity'],
      ordering: reader.integer('ordering') ?? 50,
      displayArea: reader.string('displayArea') ?? 'customer',
      viewMode: reader.string('viewMode') ?? 'editable',
      ...(dictionary ? { dictionary } : {}),
      // The CRM keeps the default as text and answers it typed in `defaultTyped`.
      ...(defaultValue !== undefined && defaultValue !== null
        ? { default: Array.isArray(defaultValue) ? defaultValue.join(',') : String(defaultValue) }
        : {}),
    };
    reader.throwIfInvalid();
    this.fields.push(field);
    return field.code;
  }
}
