import { Get } from '@nestjs/common';
import { RetailCrmSimulatorConfig } from '../retailcrm-simulator.config';
import { CrmApiController } from './crm-api-controller.decorator';
import { Crm, type CrmCall } from './crm-call';

/** The unversioned methods: `/api/credentials`, `/api/api-versions`, `/api/system-info`. */
@CrmApiController('api')
export class CredentialsController {
  constructor(private readonly config: RetailCrmSimulatorConfig) {}

  @Get('credentials')
  credentials(@Crm() call: CrmCall) {
    return { success: true, ...call.account.credentials(call.key) };
  }

  @Get('api-versions')
  versions() {
    return { success: true, versions: ['3.0', '4.0', '5.0'] };
  }

  @Get('system-info')
  systemInfo(@Crm() call: CrmCall) {
    const url = this.config.accountUrl(call.account.code);
    return { success: true, systemVersion: '8.1.51', publicUrl: url, technicalUrl: url };
  }
}
