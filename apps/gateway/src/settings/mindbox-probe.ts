import { ForbiddenUrlError } from '@app/common/http/url-guard';
import {
  MindboxAuthError,
  MindboxBadRequestError,
  MindboxError,
  MindboxForbiddenAddressError,
  MindboxInvalidResponseError,
  MindboxNotFoundError,
  MindboxUnavailableError,
  MindboxValidationError,
} from '@app/mindbox';
import type { CustomerSettingsDto } from '@app/settings';
import { forbiddenUrlMessage } from '../accounts/crm-connection.rules';

/** An operation no Mindbox project has: calling it shows whether endpoint and key pass. */
export const PROBE_OPERATION = 'RetailCrmMindbox.ConnectionCheck';

/** The one call that checks the "Mindbox access" tab. */
export interface MindboxProbe {
  operation: string;
  body: object;
}

/**
 * The harmless call of the check: the project's "get existing customer" operation for a customer
 * id that no shop uses, when the "Customers" tab names it; otherwise {@link PROBE_OPERATION}.
 */
export function mindboxProbeOf(customers: CustomerSettingsDto | null): MindboxProbe {
  const operation = customers?.operations.getExisting;
  if (!operation) return { operation: PROBE_OPERATION, body: {} };
  return {
    operation,
    body: { customer: { ids: { [customers.ids.customerIdKey]: 'retailcrm-settings-check' } } },
  };
}

/** Which field of the tab a failed check is about, told for a shop manager. */
export interface MindboxProblem {
  field: 'apiUrl' | 'endpointId' | 'secretKey';
  message: string;
}

/**
 * Reads the failure of the probe. Mindbox checks, in this order: the endpoint (400), the secret
 * key (401 none, 403 wrong), then the operation (400). So:
 *
 * - a `ValidationError` answer: endpoint and key passed, the operation ran -> accepted;
 * - 401/403 -> the secret key is wrong;
 * - 400 whose text names the operation we sent -> endpoint and key passed, only the operation is
 *   unknown (always so for {@link PROBE_OPERATION}) -> accepted;
 * - any other 400 -> the endpoint is unknown;
 * - 404, no answer, an answer that is not Mindbox's -> the API address is wrong; 5xx/429 -> try later.
 *
 * Returns `'accepted'`, a problem, or null for an error that is none of these (a bug).
 */
export function mindboxProblemOf(
  error: unknown,
  probe: MindboxProbe,
  endpointId: string,
): MindboxProblem | 'accepted' | null {
  if (error instanceof ForbiddenUrlError) {
    return { field: 'apiUrl', message: forbiddenUrlMessage(error, 'The Mindbox API address') };
  }
  if (!(error instanceof MindboxError)) return null;
  if (error instanceof MindboxForbiddenAddressError) {
    return { field: 'apiUrl', message: 'The Mindbox API address points at a private or loopback address' };
  }
  if (error instanceof MindboxValidationError) return 'accepted';
  if (error instanceof MindboxAuthError) {
    return {
      field: 'secretKey',
      message: `Mindbox refused this secret key for the endpoint "${endpointId}". Copy the key of this endpoint from Mindbox (Settings > Integration points)`,
    };
  }
  if (error instanceof MindboxBadRequestError) {
    // The client's message is "Mindbox <operation> (<endpoint>): <what Mindbox said>".
    const said = error.message.slice(`Mindbox ${error.operation} (${error.endpointId}): `.length);
    if (said.includes(probe.operation)) return 'accepted';
    return {
      field: 'endpointId',
      message: `Mindbox does not know the endpoint "${endpointId}". Copy its system name from Mindbox (Settings > Integration points)`,
    };
  }
  if (error instanceof MindboxNotFoundError || error instanceof MindboxInvalidResponseError) {
    return {
      field: 'apiUrl',
      message: 'There is no Mindbox API at this address; it is usually https://api.mindbox.ru',
    };
  }
  if (error instanceof MindboxUnavailableError) {
    return error.reason === 'network' || error.reason === 'timeout'
      ? { field: 'apiUrl', message: 'Mindbox could not be reached at this address' }
      : { field: 'apiUrl', message: 'Mindbox is not answering right now; try again in a minute' };
  }
  return {
    field: 'endpointId',
    message: `Mindbox refused the check${error.status ? ` (HTTP ${error.status})` : ''}; check the endpoint and its key`,
  };
}
