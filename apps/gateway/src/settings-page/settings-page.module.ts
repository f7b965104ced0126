import { Module } from '@nestjs/common';
import { SettingsPageController } from './settings-page.controller';
import { SettingsPageService } from './settings-page.service';

/** Serves the built settings page. */
@Module({ controllers: [SettingsPageController], providers: [SettingsPageService] })
export class SettingsPageModule {}
