import { All, Req } from '@nestjs/common';
import { CrmError } from '../store/crm.errors';
import { allowedMethods } from './api-routes';
import { CrmApiController } from './crm-api-controller.decorator';
import { Keyless, type CrmRequest } from './crm-call';

/**
 * Everything under `/crm/{account}` no other route took: `405 Method Not Allowed` when the path
 * exists for another HTTP method, else `404 API method not found`. Registered last.
 */
@CrmApiController('')
export class FallbackController {
  @All('{*rest}')
  @Keyless()
  unknown(@Req() request: CrmRequest): never {
    const path = request.path.replace(/^\/crm\/[^/]+/, '');
    if (allowedMethods(path).length > 0) {
      throw new CrmError(405, { success: false, errorMsg: 'Method Not Allowed' });
    }
    throw new CrmError(404, { success: false, errorMsg: 'API method not found' });
  }
}
