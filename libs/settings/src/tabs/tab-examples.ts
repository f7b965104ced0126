import type { TabBodies } from '../settings.types';

/**
 * A complete, valid set of tabs for the sandbox's demo shop and Mindbox project; tests and the
 * demo start from it.
 */
export function demoTabs(sandboxUrl = 'http://127.0.0.1:3200'): TabBodies {
  return {
    access: { retailcrmUrl: `${sandboxUrl}/crm/demo`, apiKey: 'demo-retailcrm-key', sites: ['demo-shop'] },
    mindbox: {
      apiUrl: `${sandboxUrl}/mindbox`,
      endpointId: 'demo-endpoint',
      secretKey: 'demo-mindbox-secret',
      brand: 'demo',
    },
    customers: {
      syncWithoutOrders: false,
      operations: {
        import: 'Website.RegisterCustomer',
        getExisting: 'Website.CheckCustomer',
        edit: 'Website.EditCustomer',
        // No "confirm mobile phone": the module has no SMS code, and the demo project's
        // Website.ConfirmMobilePhone asks for one (every call would end as a warning).
      },
      ids: { customerIdKey: 'retailcrmId' },
      subscriptions: { topic: 'news', pointsOfContact: ['Email', 'Sms'] },
    },
    orders: {
      operations: {
        calculate: 'Website.CalculateAuthorizedCart',
        beginTransaction: 'Website.BeginAuthorizedOrderTransaction',
        commitTransaction: 'Website.CommitOrderTransaction',
        rollbackTransaction: 'Website.RollbackOrderTransaction',
        updateLineStatus: 'Website.UpdateOrderItemsStatus',
      },
      ids: { orderIdKey: 'retailcrmId', orderExternalIdKey: 'retailcrmExternalId' },
      conditions: {
        orderMethods: ['phone', 'shopping-cart'],
        calculateStatuses: ['new'],
        transactionStatuses: ['complete'],
        transactionWithDiscountStatuses: [],
        lineStatusStatuses: ['send-to-delivery'],
      },
      extra: { pointOfContact: 'Retailcrm', priceProperty: { code: 'mindbox-price', name: 'Mindbox price' } },
    },
    products: {
      ids: { retailcrmField: 'offer.externalId', mindboxKey: 'retailcrmProductId' },
      skipPriceWriteback: false,
      serviceProductIds: [],
      statusMap: { saled: 'Delivered', failure: 'Cancelled', returned: 'Returned' },
    },
    fields: {
      mindbox: { customerCity: 'City', orderAddress: 'DeliveryAddress' },
      retailcrm: { discountAmountField: 'mindbox_discount', promoCodeField: 'mindbox_promo_code' },
    },
  };
}
