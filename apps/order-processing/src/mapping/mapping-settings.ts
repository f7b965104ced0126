import type { AccountSettings, OrderConditionsDto, RetailCrmProductField } from '@app/settings';

/** What the order mapping and the write-back read from the Orders, Products, Customers and Fields tabs. */
export interface OrderMappingSettings {
  /** Mindbox customer id the CRM customer id is sent under; absent: orders go without a customer. */
  customerIdKey?: string;
  orderIdKey: string;
  orderExternalIdKey: string;
  productField: RetailCrmProductField;
  productKey: string;
  pointOfContact?: string;
  /** External promotion that carries RetailCRM's own manual discount. */
  discountPromotionId?: string;
  promoCodeField?: string;
  discountAmountField?: string;
  priceProperty?: { code: string; name: string };
  skipPriceWriteback: boolean;
  serviceProductIds: string[];
  statusMap: Record<string, string>;
  /** Mindbox names of the order's additional fields. */
  extra: { address?: string; deliveryCode?: string; customerType?: string };
  conditions: OrderConditionsDto;
}

/** The mapping settings of an account, or null while the Orders or Products tab is not saved. */
export function orderMappingOf(settings: AccountSettings): OrderMappingSettings | null {
  const { orders, products, fields, customers } = settings;
  if (!orders || !products) return null;
  return {
    customerIdKey: customers?.ids.customerIdKey,
    orderIdKey: orders.ids.orderIdKey,
    orderExternalIdKey: orders.ids.orderExternalIdKey,
    productField: products.ids.retailcrmField,
    productKey: products.ids.mindboxKey,
    pointOfContact: orders.extra.pointOfContact || undefined,
    discountPromotionId: orders.extra.discountPromotionId || undefined,
    promoCodeField: fields?.retailcrm.promoCodeField,
    discountAmountField: fields?.retailcrm.discountAmountField,
    priceProperty: orders.extra.priceProperty,
    skipPriceWriteback: products.skipPriceWriteback,
    serviceProductIds: products.serviceProductIds,
    statusMap: products.statusMap,
    extra: {
      address: fields?.mindbox.orderAddress,
      deliveryCode: fields?.mindbox.orderDeliveryCode,
      customerType: fields?.mindbox.orderCustomerType,
    },
    conditions: orders.conditions,
  };
}
