import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ResetRegistry } from '../../control/reset.registry';
import { MindboxControlService } from '../control/mindbox-control.service';
import { MindboxStore } from '../store/mindbox-store';
import { seedDemo } from './demo-seed';

/** Seeds the store at start when `SANDBOX_SEED=demo`; `POST /control/reset` brings it back to that start. */
@Injectable()
export class MindboxSeedService implements OnModuleInit {
  constructor(
    private readonly store: MindboxStore,
    private readonly control: MindboxControlService,
    private readonly config: ConfigService,
    private readonly resets: ResetRegistry,
  ) {}

  onModuleInit(): void {
    this.resets.register(() => this.restart());
    this.restart();
  }

  private restart(): void {
    this.store.clear();
    if (this.config.get<string>('SANDBOX_SEED') === 'demo') seedDemo(this.control);
  }
}
