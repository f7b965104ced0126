import { Module } from '@nestjs/common';
import { CredentialsController } from './api/credentials.controller';
import { StoreController } from './api/store.controller';
import { CatalogueBook } from './catalogue/catalogue-book';
import { CatalogueControlController } from './control/catalogue-control.controller';
import { CrmAccessGuard } from './api/crm-access.guard';
import { CustomFieldsController } from './api/custom-fields.controller';
import { CustomersController } from './api/customers.controller';
import { FallbackController } from './api/fallback.controller';
import { IntegrationModulesController } from './api/integration-modules.controller';
import { OrdersController } from './api/orders.controller';
import { ReferencesController } from './api/references.controller';
import { AccountsControlController } from './control/accounts-control.controller';
import { MarketplaceControlController } from './control/marketplace-control.controller';
import { MarketplaceService } from './control/marketplace.service';
import { RetailCrmSimulatorConfig } from './retailcrm-simulator.config';
import { RetailCrmSeeder } from './seed/retailcrm-seeder';
import { RetailCrmStore } from './store/retailcrm.store';

/**
 * Simulator of the RetailCRM API v5 (`/crm/{account}/api/...`) and of the marketplace side of
 * the module protocol, with test controls under `/control/retailcrm`.
 */
@Module({
  controllers: [
    CredentialsController,
    CustomersController,
    OrdersController,
    ReferencesController,
    CustomFieldsController,
    IntegrationModulesController,
    StoreController,
    AccountsControlController,
    CatalogueControlController,
    MarketplaceControlController,
    // Last: it answers 404/405 for every path the controllers above do not serve.
    FallbackController,
  ],
  providers: [
    { provide: RetailCrmStore, useFactory: () => new RetailCrmStore() },
    RetailCrmSimulatorConfig,
    CrmAccessGuard,
    MarketplaceService,
    RetailCrmSeeder,
    CatalogueBook,
  ],
})
export class RetailCrmSimulatorModule {}
