import { BadGatewayException, Injectable } from '@nestjs/common';
import { assertAllowedUrl, ForbiddenUrlError } from '@app/common/http/url-guard';
import {
  Credentials,
  RetailCrmAuthError,
  RetailCrmClient,
  RetailCrmClientFactory,
  RetailCrmClientTuning,
  RetailCrmError,
  RetailCrmForbiddenAddressError,
} from '@app/retailcrm';
import { AccountEntity, SecretBox } from '@app/settings';
import { FieldErrors } from '../field-errors';
import { GatewayConfig } from '../gateway.config';
import {
  crmProblemOf,
  missingScopes,
  missingScopesMessage,
  normaliseAccountUrl,
} from './crm-connection.rules';

/** Calls made while a manager waits: fail fast rather than retry for long. */
const INTERACTIVE: RetailCrmClientTuning = {
  timeoutMs: 10_000,
  maxAttempts: 2,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 1_000,
};

/** A checked connection to a RetailCRM account. */
export interface CrmConnection {
  url: string;
  client: RetailCrmClient;
  credentials: Credentials;
}

/**
 * Reaches the RetailCRM account of a connection: checks a typed address and key (URL guard,
 * `/api/credentials`, scopes) and gives clients of stored accounts.
 */
@Injectable()
export class CrmConnectionService {
  constructor(
    private readonly clients: RetailCrmClientFactory,
    private readonly secrets: SecretBox,
    private readonly config: GatewayConfig,
  ) {}

  /**
   * Checks an address and key as typed by a manager or sent by the marketplace. Throws 422 naming
   * `retailcrmUrl` or `apiKey` (or the paths given) with what to fix.
   */
  async check(
    rawUrl: string,
    apiKey: string,
    paths: { url: string; key: string } = { url: 'retailcrmUrl', key: 'apiKey' },
  ): Promise<CrmConnection> {
    const reject = (field: 'retailcrmUrl' | 'apiKey', message: string) =>
      FieldErrors.about(
        field === 'retailcrmUrl' ? paths.url : paths.key,
        message,
        'RetailCRM could not be connected',
      );
    const url = normaliseAccountUrl(rawUrl);
    if (typeof url !== 'string') throw reject(url.field, url.message);
    if (!apiKey.trim()) throw reject('apiKey', 'Enter the API key');
    try {
      await assertAllowedUrl(url, this.config.allowPrivateUrls);
      const client = this.clients.forAccount({ url, apiKey: apiKey.trim() }, INTERACTIVE);
      const credentials = await client.credentials();
      const missing = missingScopes(credentials.scopes);
      if (missing.length > 0) throw reject('apiKey', missingScopesMessage(missing));
      return { url, client, credentials };
    } catch (error) {
      const problem = crmProblemOf(error);
      if (problem) throw reject(problem.field, problem.message);
      throw error;
    }
  }

  /**
   * A client of a stored account. Its URL passes the guard again, since what a host name
   * resolves to can change after it was checked.
   */
  async clientFor(account: AccountEntity): Promise<RetailCrmClient> {
    try {
      await assertAllowedUrl(account.retailcrmUrl, this.config.allowPrivateUrls);
    } catch (error) {
      if (error instanceof ForbiddenUrlError) throw this.unreachable(error);
      throw error;
    }
    const apiKey = this.secrets.decrypt(account.apiKeyEnc);
    return this.clients.forAccount({ url: account.retailcrmUrl, apiKey }, INTERACTIVE);
  }

  /**
   * The answer for a RetailCRM failure while using the stored connection (not the manager's
   * input): 502 with what to do. Errors that are not RetailCRM's are given back unchanged.
   */
  unreachable(error: unknown): unknown {
    if (error instanceof ForbiddenUrlError || error instanceof RetailCrmForbiddenAddressError) {
      return new BadGatewayException({
        message: 'The saved RetailCRM address is not allowed any more; update it on the Access tab',
      });
    }
    if (error instanceof RetailCrmAuthError) {
      return new BadGatewayException({
        message: 'RetailCRM refused the saved API key; enter a valid key on the Access tab',
      });
    }
    if (error instanceof RetailCrmError) {
      return new BadGatewayException({
        message: `RetailCRM could not be asked right now (${error.retryable ? 'try again in a minute' : (error.errorMsg ?? 'refused')})`,
      });
    }
    return error;
  }
}
