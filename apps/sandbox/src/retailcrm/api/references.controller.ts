import { Get, Param } from '@nestjs/common';
import { CrmError } from '../store/crm.errors';
import type { References } from '../store/crm.types';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, RequireScope, type CrmCall } from './crm-call';

// URL name of each dictionary -> the key it is answered under.
const DICTIONARIES: Record<string, keyof Omit<References, 'customFields' | 'settings'>> = {
  sites: 'sites',
  statuses: 'statuses',
  'status-groups': 'statusGroups',
  'order-methods': 'orderMethods',
  'order-types': 'orderTypes',
  'product-statuses': 'productStatuses',
  'payment-types': 'paymentTypes',
  'payment-statuses': 'paymentStatuses',
  'delivery-types': 'deliveryTypes',
  stores: 'stores',
};

/** `/api/v5/reference/{dictionary}` (objects keyed by code, not arrays) and `/api/v5/settings`. */
@CrmApiController('api/v5')
export class ReferencesController {
  @Get('reference/:dictionary')
  @RequireScope('reference_read')
  dictionary(@Crm() call: CrmCall, @Param('dictionary') name: string) {
    const key = DICTIONARIES[name];
    if (!key) throw new CrmError(404, { success: false, errorMsg: 'API method not found' });
    return { success: true, [key]: call.account.references[key] };
  }

  @Get('settings')
  settings(@Crm() call: CrmCall) {
    return { success: true, settings: call.account.references.settings };
  }
}
