import { Module } from '@nestjs/common';
import { HooksController } from './hooks.controller';
import { HooksService } from './hooks.service';

/** The trigger hooks: `POST /hooks/{hookToken}/{customers|orders}`. */
@Module({
  controllers: [HooksController],
  providers: [HooksService],
})
export class HooksModule {}
