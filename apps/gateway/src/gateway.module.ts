import { Module } from '@nestjs/common';
import { ServiceModule } from '@app/common/service/service.module';
import { MessagingModule } from '@app/messaging';
import { SettingsModule } from '@app/settings';
import { AccountsModule } from './accounts/accounts.module';
import { EmbedModule } from './embed/embed.module';
import { FeedsModule } from './feeds/feeds.module';
import { GatewayConfigModule } from './gateway.config';
import { GatewayAppEnv } from './gateway.env';
import { HooksModule } from './hooks/hooks.module';
import { MarketplaceModule } from './marketplace/marketplace.module';
import { ReferencesModule } from './references/references.module';
import { SecurityModule } from './security/security.module';
import { SettingsPageModule } from './settings-page/settings-page.module';
import { SettingsApiModule } from './settings/settings.module';
import { SyncApiModule } from './sync/sync.module';

@Module({
  imports: [
    ServiceModule.forRoot({
      name: 'gateway',
      env: GatewayAppEnv,
      imports: [
        MessagingModule.forRoot({ serviceName: 'gateway' }),
        SettingsModule,
        GatewayConfigModule,
        SecurityModule,
        AccountsModule,
        MarketplaceModule,
        SettingsApiModule,
        ReferencesModule,
        SettingsPageModule,
        FeedsModule,
        SyncApiModule,
        HooksModule,
        EmbedModule,
      ],
    }),
  ],
})
export class GatewayModule {}
