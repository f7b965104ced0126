import { Module } from '@nestjs/common';
import { RetailCrmModule } from '@app/retailcrm';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { CrmConnectionService } from './crm-connection.service';
import { RecentAccounts } from './recent-accounts';

/** Connecting RetailCRM accounts and reaching their CRM. */
@Module({
  imports: [RetailCrmModule],
  controllers: [AccountsController],
  providers: [AccountsService, CrmConnectionService, RecentAccounts],
  exports: [AccountsService, CrmConnectionService, RecentAccounts],
})
export class AccountsModule {}
