import { Injectable, OnModuleInit } from '@nestjs/common';
import { ResetRegistry } from '../../control/reset.registry';
import { RetailCrmSimulatorConfig } from '../retailcrm-simulator.config';
import { RetailCrmStore } from '../store/retailcrm.store';

/** The demo account `SANDBOX_SEED=demo` starts with. */
export const DEMO_ACCOUNT = {
  code: 'demo',
  apiKey: 'demo-retailcrm-key',
  sites: [
    { code: 'demo-shop', name: 'Демо-магазин' },
    { code: 'demo-outlet', name: 'Демо-аутлет' },
  ],
  customers: 50,
  orders: 30,
};

/**
 * Seeds the demo account at start when `SANDBOX_SEED=demo`, and registers the store's reset:
 * `POST /control/reset` forgets every account and brings the demo account back as it started.
 */
@Injectable()
export class RetailCrmSeeder implements OnModuleInit {
  constructor(
    private readonly store: RetailCrmStore,
    private readonly config: RetailCrmSimulatorConfig,
    private readonly resets: ResetRegistry,
  ) {}

  onModuleInit(): void {
    this.resets.register(() => this.reset());
    this.seedDemo();
  }

  reset(): void {
    this.store.reset();
    this.seedDemo();
  }

  private seedDemo(): void {
    if (this.config.seed !== 'demo') return;
    const { customers, orders, ...options } = DEMO_ACCOUNT;
    // A fixed seed, so every demo start shows the same shop.
    this.store.create({ ...options, rateLimit: 10 }).seed({ customers, orders, seed: 2024 });
  }
}
