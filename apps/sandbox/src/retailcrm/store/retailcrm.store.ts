import { randomBytes } from 'node:crypto';
import type { SiteSpec } from './account-defaults';
import { AccountOptions, CrmAccount } from './crm-account';

/** The default RetailCRM limit: 10 requests per second per API key. */
export const DEFAULT_RATE_LIMIT = 10;

/** Every simulated RetailCRM account, in memory. */
export class RetailCrmStore {
  private readonly accounts = new Map<string, CrmAccount>();
  private created = 0;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Makes an account; a missing code or key is generated, a taken code is refused. */
  create(options: Partial<AccountOptions> & { sites?: SiteSpec[] } = {}): CrmAccount {
    this.created += 1;
    const code = options.code ?? `shop-${this.created}-${randomBytes(3).toString('hex')}`;
    if (this.accounts.has(code)) throw new AccountExistsError(code);
    const account = new CrmAccount(
      code,
      {
        apiKey: options.apiKey ?? randomBytes(16).toString('hex'),
        sites: options.sites?.length ? options.sites : [{ code: `${code}-site`, name: `Магазин ${code}` }],
        scopes: options.scopes,
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
      },
      this.clock,
    );
    this.accounts.set(code, account);
    return account;
  }

  get(code: string): CrmAccount | undefined {
    return this.accounts.get(code);
  }

  list(): CrmAccount[] {
    return [...this.accounts.values()];
  }

  remove(code: string): boolean {
    return this.accounts.delete(code);
  }

  reset(): void {
    this.accounts.clear();
  }
}

/** An account code that is already taken. */
export class AccountExistsError extends Error {
  constructor(readonly code: string) {
    super(`Account ${code} already exists`);
  }
}
