import { mapOf } from '../model/normalise';
import { IntegrationModule, IntegrationModuleEditResult } from '../model/integration-module.types';
import { RetailCrmTransport } from '../transport/retailcrm-transport';

/** Marketplace module registrations (`/api/v5/integration-modules/...`). Reach it as `client.integrationModules`. */
export class IntegrationModulesApi {
  constructor(private readonly transport: RetailCrmTransport) {}

  /** The module registered under `code`. Throws {@link RetailCrmNotFoundError} when there is none. */
  async get(code: string): Promise<IntegrationModule> {
    const response = await this.transport.send({
      method: 'GET',
      path: `/api/v5/integration-modules/${encodeURIComponent(code)}`,
    });
    return response.object('integrationModule') as IntegrationModule;
  }

  /**
   * Creates or updates the module registered under `code` (`integrationModule=<json>`). It sets
   * the registration to what is sent, so it is retried after timeouts like a GET.
   */
  async edit(
    code: string,
    integrationModule: Partial<IntegrationModule>,
  ): Promise<IntegrationModuleEditResult> {
    const response = await this.transport.send({
      method: 'POST',
      path: `/api/v5/integration-modules/${encodeURIComponent(code)}/edit`,
      form: { integrationModule },
      idempotent: true,
    });
    return { info: mapOf(response.body.info) };
  }
}
