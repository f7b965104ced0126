import { Module } from '@nestjs/common';
import { MindboxModule } from '@app/mindbox';
import { AccountsModule } from '../accounts/accounts.module';
import { ReferencesModule } from '../references/references.module';
import { SettingsTabsService } from './settings-tabs.service';
import { SettingsController } from './settings.controller';
import { TabChecksService } from './tab-checks.service';

/** The settings API of the settings page. */
@Module({
  imports: [AccountsModule, ReferencesModule, MindboxModule],
  controllers: [SettingsController],
  providers: [SettingsTabsService, TabChecksService],
})
export class SettingsApiModule {}
