import { CrmError, CrmNotFoundError } from './crm.errors';
import type { JsonObject } from './crm.types';
import type { View } from './entity-views';
import { InputReader, isObject } from './input-reader';

// What a module may set about itself; `freeze` and `native` are the CRM's own.
const WRITABLE = [
  'active',
  'name',
  'logo',
  'baseUrl',
  'clientId',
  'accountUrl',
  'actions',
  'availableCountries',
  'integrations',
];

/** The marketplace modules registered in an account (`/api/v5/integration-modules`). */
export class IntegrationModuleRegistry {
  private readonly modules = new Map<string, JsonObject>();
  /** An account that has not paid: the CRM refuses to activate modules in it. */
  billingBlocked = false;

  /** `GET /api/v5/integration-modules/{code}`: the module without its `clientId`. */
  get(code: string): View {
    const module = this.modules.get(code);
    if (!module) throw new CrmNotFoundError();
    const { clientId: _clientId, ...shown } = module;
    return shown;
  }

  /**
   * `POST /api/v5/integration-modules/{code}/edit`: creates or updates the module; the code must
   * start with the module's `integrationCode`. Answers whether the module is new.
   */
  edit(code: string, input: JsonObject): { created: boolean } {
    const existing = this.modules.get(code);
    const reader = new InputReader(input);
    const integrationCode =
      reader.string('integrationCode') ?? (existing?.integrationCode as string | undefined);
    if (!integrationCode) reader.fail('integrationCode', 'This value should not be blank.');
    else if (!code.startsWith(integrationCode)) reader.fail('code', 'Code prefix must match integrationCode');
    const bodyCode = reader.string('code');
    if (bodyCode && bodyCode !== code) reader.fail('code', 'The code must match the code in the URL.');
    if (input.actions !== undefined && !isObject(input.actions))
      reader.fail('actions', 'This value is not valid.');
    reader.throwIfInvalid();
    const activating = (reader.boolean('active') ?? existing?.active ?? true) === true;
    if (activating && this.billingBlocked) {
      // The one answer where the real API sends `errors` as a list of texts, not an object.
      throw new CrmError(400, {
        success: false,
        errorMsg: 'Failed to activate module',
        errors: ['Your account has insufficient funds to activate integration module'],
      });
    }
    const module: JsonObject = existing
      ? { ...existing }
      : {
          code,
          integrationCode: integrationCode as string,
          active: true,
          freeze: false,
          name: code,
          native: false,
          actions: {},
          availableCountries: [],
          integrations: {},
        };
    for (const field of WRITABLE) if (input[field] !== undefined) module[field] = input[field];
    module.integrationCode = integrationCode as string;
    this.modules.set(code, module);
    return { created: !existing };
  }

  /** Every registered module, `clientId` included (control view). */
  all(): JsonObject[] {
    return [...this.modules.values()];
  }

  /** What the marketplace sets when it tells a module about its activity. */
  setActivity(code: string, activity: { active: boolean; freeze: boolean }): void {
    const module = this.modules.get(code);
    if (!module) throw new CrmNotFoundError();
    this.modules.set(code, { ...module, ...activity });
  }
}
