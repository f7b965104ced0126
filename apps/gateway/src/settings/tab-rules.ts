import type { CustomField, CustomFieldInput, CustomFieldType } from '@app/retailcrm';
import type {
  CustomerSettingsDto,
  FieldSettingsDto,
  OrderSettingsDto,
  ProductSettingsDto,
} from '@app/settings';
import { FieldErrors } from '../field-errors';

// The checks of the tabs against what the account's CRM has: pure functions of the submitted tab
// and the CRM's dictionaries, so each rule is tested without a CRM.

function checkCodes(
  errors: FieldErrors,
  path: string,
  codes: readonly string[],
  known: ReadonlySet<string>,
  message: (code: string) => string,
): void {
  codes.forEach((code, index) => {
    if (!known.has(code)) errors.add(`${path}[${index}]`, message(code));
  });
}

/** What `/api/credentials` says about the shops a key reaches. */
export interface SiteAccess {
  siteAccess?: string;
  sitesAvailable: readonly string[];
}

/** "Access": every chosen shop exists and the key reaches it. */
export function accessProblems(
  sites: readonly string[],
  crmSites: readonly string[],
  access: SiteAccess,
): FieldErrors {
  const errors = new FieldErrors();
  const known = new Set(crmSites);
  const reachable = new Set(access.sitesAvailable);
  sites.forEach((site, index) => {
    if (!known.has(site)) errors.add(`sites[${index}]`, `There is no shop "${site}" in your RetailCRM`);
    else if (access.siteAccess === 'access_selective' && !reachable.has(site)) {
      errors.add(`sites[${index}]`, `The API key has no access to the shop "${site}"`);
    }
  });
  return errors;
}

/** The CRM dictionaries the "Orders" tab refers to, as codes. */
export interface OrderReferences {
  orderMethods: readonly string[];
  statuses: readonly string[];
}

const STATUS_LISTS = [
  'calculateStatuses',
  'transactionStatuses',
  'transactionWithDiscountStatuses',
  'lineStatusStatuses',
] as const;

/**
 * "Orders": order methods and statuses exist in the CRM; a status list that is used names the
 * operation it needs; a status starts a transaction with or without the CRM's discount, not both;
 * the price property has a name.
 */
export function orderProblems(orders: OrderSettingsDto, refs: OrderReferences): FieldErrors {
  const errors = new FieldErrors();
  const { conditions, operations } = orders;
  checkCodes(
    errors,
    'conditions.orderMethods',
    conditions.orderMethods,
    new Set(refs.orderMethods),
    (code) => `There is no order method "${code}" in your RetailCRM`,
  );
  const statuses = new Set(refs.statuses);
  for (const list of STATUS_LISTS) {
    checkCodes(
      errors,
      `conditions.${list}`,
      conditions[list],
      statuses,
      (code) => `There is no order status "${code}" in your RetailCRM`,
    );
  }
  const plain = new Set(conditions.transactionStatuses);
  conditions.transactionWithDiscountStatuses.forEach((code, index) => {
    if (plain.has(code)) {
      errors.add(
        `conditions.transactionWithDiscountStatuses[${index}]`,
        `The status "${code}" already starts a transaction without the RetailCRM discount; choose one of the two`,
      );
    }
  });
  const needs = (used: boolean, operation: keyof typeof operations, what: string) => {
    if (used && !operations[operation]) {
      errors.add(
        `operations.${operation}`,
        `Enter the Mindbox operation that ${what}: statuses are chosen for it`,
      );
    }
  };
  needs(conditions.calculateStatuses.length > 0, 'calculate', 'calculates an order');
  const transactions =
    conditions.transactionStatuses.length > 0 || conditions.transactionWithDiscountStatuses.length > 0;
  needs(transactions, 'beginTransaction', 'begins an order transaction');
  needs(transactions, 'commitTransaction', 'commits an order transaction');
  needs(conditions.lineStatusStatuses.length > 0, 'updateLineStatus', 'updates the statuses of order lines');
  const priceProperty = orders.extra.priceProperty;
  if (priceProperty && !priceProperty.name.trim()) {
    errors.add('extra.priceProperty.name', 'Enter the name the Mindbox price is shown under');
  }
  return errors;
}

/** "Products": every item status of the map exists in the CRM and maps to a Mindbox status. */
export function productProblems(
  products: ProductSettingsDto,
  productStatuses: readonly string[],
): FieldErrors {
  const errors = new FieldErrors();
  const known = new Set(productStatuses);
  for (const [status, lineStatus] of Object.entries(products.statusMap)) {
    if (!known.has(status))
      errors.add(`statusMap.${status}`, `There is no item status "${status}" in your RetailCRM`);
    else if (!lineStatus.trim())
      errors.add(`statusMap.${status}`, 'Enter the Mindbox line status it becomes');
  }
  return errors;
}

const ID_FIELD_TYPES = new Set(['string', 'text', 'integer', 'numeric']);

/** "Customers": the field that receives the Mindbox id is a text or number customer field of the CRM. */
export function customerProblems(
  customers: CustomerSettingsDto,
  customerFields: readonly CustomField[],
): FieldErrors {
  const errors = new FieldErrors();
  const code = customers.ids.mindboxIdCustomField;
  if (!code) return errors;
  const field = customerFields.find((candidate) => candidate.code === code);
  if (!field) {
    errors.add(
      'ids.mindboxIdCustomField',
      `There is no customer custom field "${code}" in your RetailCRM; create it (a string field) or leave this empty`,
    );
  } else if (!ID_FIELD_TYPES.has(field.type)) {
    errors.add(
      'ids.mindboxIdCustomField',
      `The customer field "${code}" has the type ${field.type}; use a string field`,
    );
  }
  return errors;
}

/** The order custom fields the module writes, by their setting in the "Additional fields" tab. */
export const MODULE_ORDER_FIELDS: Record<
  keyof FieldSettingsDto['retailcrm'],
  { type: CustomFieldType; name: string; viewMode: 'editable' | 'not_editable' }
> = {
  discountAmountField: { type: 'integer', name: 'Mindbox discount', viewMode: 'not_editable' },
  promoCodeField: { type: 'string', name: 'Mindbox promo code', viewMode: 'editable' },
};

/** What saving the "Additional fields" tab needs: problems, or the CRM fields to create first. */
export interface OrderFieldPlan {
  errors: FieldErrors;
  create: { path: string; field: CustomFieldInput }[];
}

/**
 * "Additional fields": each order field the module writes either exists with the right type or
 * is to be created; the discount and the promo code need two different fields.
 */
export function orderFieldPlan(
  fields: FieldSettingsDto,
  orderFields: readonly CustomField[],
): OrderFieldPlan {
  const errors = new FieldErrors();
  const create: OrderFieldPlan['create'] = [];
  const { discountAmountField, promoCodeField } = fields.retailcrm;
  if (discountAmountField && discountAmountField === promoCodeField) {
    errors.add('retailcrm.promoCodeField', 'Use different fields for the promo code and the discount');
    return { errors, create };
  }
  for (const key of Object.keys(MODULE_ORDER_FIELDS) as (keyof typeof MODULE_ORDER_FIELDS)[]) {
    const code = fields.retailcrm[key];
    if (!code) continue;
    const spec = MODULE_ORDER_FIELDS[key];
    const existing = orderFields.find((field) => field.code === code);
    if (existing && existing.type !== spec.type) {
      errors.add(
        `retailcrm.${key}`,
        `The order field "${code}" exists with the type ${existing.type}, but a ${spec.type} field is needed; choose another code`,
      );
    } else if (!existing) {
      create.push({
        path: `retailcrm.${key}`,
        field: {
          code,
          name: spec.name,
          type: spec.type,
          displayArea: 'main_data',
          viewMode: spec.viewMode,
          inFilter: true,
          inList: true,
        },
      });
    }
  }
  return { errors, create };
}
