import type { Behaviour, ProjectSettings } from './mindbox.entities';

/**
 * Operation names a new project gets unless told otherwise: the typical names of the official
 * Bitrix modules and PHP SDK (reference §3.1, §4.1), several names per behaviour where projects
 * commonly differ.
 */
export const DEFAULT_OPERATIONS: Readonly<Record<string, Behaviour>> = {
  'Website.RegisterCustomer': 'importCustomer',
  'Website.EditCustomer': 'editCustomer',
  'Website.CheckCustomer': 'checkCustomer',
  'Website.GetCustomerInfo': 'checkCustomer',
  'Website.ConfirmMobilePhone': 'confirmMobilePhone',
  'Website.GetCustomerBalance': 'getBalance',
  'Website.CalculateAuthorizedCart': 'calculate',
  'Website.CalculateUnauthorizedCart': 'calculate',
  'Website.BeginAuthorizedOrderTransaction': 'beginTransaction',
  'Website.BeginUnauthorizedOrderTransaction': 'beginTransaction',
  'Website.CommitOrderTransaction': 'commitTransaction',
  'Website.RollbackOrderTransaction': 'rollbackTransaction',
  'Website.UpdateOrderItemsStatus': 'updateLineStatuses',
  'Website.CancelOrder': 'cancelOrder',
};

/** Mindbox's limit: 8,000 requests a minute per operation and endpoint (reference §2.3). */
export const OPERATION_RATE_LIMIT = { perWindow: 8_000, windowMs: 60_000 };

/** Settings of a new project besides its endpoint id and secret key. */
export const DEFAULT_PROJECT_SETTINGS: Omit<ProjectSettings, 'endpointId' | 'secretKey'> = {
  operations: { ...DEFAULT_OPERATIONS },
  customerIdKeys: ['retailcrmId'],
  orderIdKeys: ['retailcrmId', 'retailcrmExternalId'],
  productIdKeys: ['retailcrmProductId'],
  lineStatuses: { cancelled: ['Cancelled', 'Canceled'], returned: ['Returned'] },
  balanceType: { systemName: 'Main', name: 'Основной' },
  maxPointsShare: 1,
  phoneConfirmationCode: '1234',
  rateLimit: OPERATION_RATE_LIMIT.perWindow,
  rateLimitWindowMs: OPERATION_RATE_LIMIT.windowMs,
};
