import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SecretBox } from './secrets/secret-box';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

/** Account settings for a service: the repository, the secret box keyed by `SETTINGS_ENCRYPTION_KEY`, the reader. */
@Global()
@Module({
  providers: [
    SettingsRepository,
    SettingsService,
    {
      provide: SecretBox,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const previous = config.get<string>('SETTINGS_ENCRYPTION_KEY_PREVIOUS');
        return new SecretBox(
          config.getOrThrow<string>('SETTINGS_ENCRYPTION_KEY'),
          previous ? [previous] : [],
        );
      },
    },
  ],
  exports: [SecretBox, SettingsRepository, SettingsService],
})
export class SettingsModule {}
