import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/** The sandbox settings the RetailCRM simulator reads (see `sandbox.env.ts`). */
@Injectable()
export class RetailCrmSimulatorConfig {
  constructor(private readonly config: ConfigService) {}

  /** The base URL of an account, as a module stores it: `{SANDBOX_PUBLIC_URL}/crm/{code}`. */
  accountUrl(code: string): string {
    return `${this.config.getOrThrow<string>('SANDBOX_PUBLIC_URL').replace(/\/+$/, '')}/crm/${code}`;
  }

  /** The module gateway the simulated marketplace calls. */
  get moduleUrl(): string {
    return this.config.getOrThrow<string>('MODULE_URL').replace(/\/+$/, '');
  }

  /** The marketplace secret that signs register tokens. */
  get moduleSecret(): string {
    return this.config.getOrThrow<string>('RETAILCRM_MODULE_SECRET');
  }

  get seed(): 'none' | 'demo' {
    return this.config.get<'none' | 'demo'>('SANDBOX_SEED') ?? 'none';
  }
}
