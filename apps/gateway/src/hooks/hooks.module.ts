import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { HooksController } from './hooks.controller';
import { HooksService } from './hooks.service';

/** The trigger hooks: `POST /hooks/{hookToken}/{customers|orders}`. */
@Module({
  imports: [AccountsModule],
  controllers: [HooksController],
  providers: [HooksService],
})
export class HooksModule {}
