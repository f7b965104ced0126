import { BadGatewayException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { RetailCrmSimulatorConfig } from '../retailcrm-simulator.config';
import { ALL_SCOPES } from '../store/account-defaults';
import type { CrmAccount } from '../store/crm-account';
import type { JsonObject } from '../store/crm.types';
import { RetailCrmStore } from '../store/retailcrm.store';
import { actionUrl, registerToken } from './marketplace';

/** What the module answered to one call. */
export interface ModuleAnswer {
  url: string;
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 10_000;

/**
 * The marketplace side of the module protocol: the "simple connection" (config, then register
 * with a new API key and its HMAC token) and the `activity` callback.
 */
@Injectable()
export class MarketplaceService {
  constructor(
    private readonly store: RetailCrmStore,
    private readonly config: RetailCrmSimulatorConfig,
  ) {}

  /**
   * Connects the module to an account as the marketplace does: reads `{module}/retailcrm/config`,
   * makes an API key with the scopes the module asks for, and posts `register` to its registerUrl.
   */
  async register(code: string, moduleUrl?: string) {
    const account = this.account(code);
    const base = (moduleUrl ?? this.config.moduleUrl).replace(/\/+$/, '');
    const config = await this.call(`${base}/retailcrm/config`);
    const body = config.body as JsonObject | undefined;
    if (config.status !== 200 || typeof body?.registerUrl !== 'string') {
      throw new BadGatewayException({ message: 'The module config has no registerUrl', config });
    }
    const scopes = Array.isArray(body.scopes)
      ? body.scopes.filter((s): s is string => typeof s === 'string')
      : ALL_SCOPES;
    const apiKey = account.addKey({ key: randomBytes(16).toString('hex'), scopes }).key;
    const systemUrl = this.config.accountUrl(code);
    const token = registerToken(this.config.moduleSecret, apiKey);
    const register = await this.call(new URL(body.registerUrl, `${base}/`).toString(), {
      register: JSON.stringify({ systemUrl, apiKey, token }),
    });
    return { apiKey, systemUrl, config, register };
  }

  /**
   * Tells the module registered in the account (through integration-modules edit) that it was
   * switched on, off or frozen, at its `actions.activity` URL.
   */
  async activity(code: string, activity: { active: boolean; freeze: boolean }, moduleCode?: string) {
    const account = this.account(code);
    const modules = account.integrationModules
      .all()
      .filter((module) => !moduleCode || module.code === moduleCode);
    if (modules.length !== 1) {
      throw new ConflictException(
        modules.length === 0
          ? 'No integration module is registered in this account (integration-modules edit)'
          : 'Several modules are registered; name one with moduleCode',
      );
    }
    const [module] = modules;
    const actions = (module.actions ?? {}) as JsonObject;
    if (typeof module.baseUrl !== 'string' || typeof actions.activity !== 'string') {
      throw new ConflictException('The module registered no baseUrl or actions.activity');
    }
    account.integrationModules.setActivity(String(module.code), activity);
    return this.call(actionUrl(module.baseUrl, actions.activity), {
      clientId: typeof module.clientId === 'string' ? module.clientId : '',
      activity: JSON.stringify(activity),
      systemUrl: this.config.accountUrl(code),
    });
  }

  private account(code: string): CrmAccount {
    const account = this.store.get(code);
    if (!account) throw new NotFoundException(`No RetailCRM account ${code}`);
    return account;
  }

  /** GET `url`, or POST `form` to it form-encoded; answers the status and the (JSON if it is) body. */
  private async call(url: string, form?: Record<string, string>): Promise<ModuleAnswer> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        headers: { accept: 'application/json' },
        body: form ? new URLSearchParams(form) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new BadGatewayException(`The module at ${url} did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the raw text is what the module said.
    }
    return { url, status: response.status, body };
  }
}
