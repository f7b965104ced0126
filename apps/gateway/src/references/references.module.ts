import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ReferencesController } from './references.controller';
import { ReferencesService } from './references.service';

/** The CRM dictionaries the settings page offers. */
@Module({
  imports: [AccountsModule],
  controllers: [ReferencesController],
  providers: [ReferencesService],
  exports: [ReferencesService],
})
export class ReferencesModule {}
