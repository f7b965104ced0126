import {
  MindboxAuthError,
  MindboxError,
  MindboxForbiddenAddressError,
  MindboxNotFoundError,
  MindboxUnavailableError,
  MindboxValidationError,
  type MindboxValidationMessage,
} from '@app/mindbox';
import {
  RetailCrmAuthError,
  RetailCrmError,
  RetailCrmForbiddenAddressError,
  RetailCrmNotAnAccountError,
  RetailCrmRateLimitedError,
  RetailCrmUnavailableError,
} from '@app/retailcrm';

/** One problem Mindbox found, named the way the shop's staff name the field. */
export interface FieldProblem {
  /** The field as the settings page shows it, e.g. "E-mail"; absent for the record as a whole. */
  field?: string;
  message: string;
  /** Mindbox's own location, e.g. `/customer/email`. */
  location?: string;
}

/** A failure as the sync journal shows it. */
export interface FailureText {
  text: string;
  /** Whether trying again later (without changing anything) may succeed. */
  retryable: boolean;
  problems?: FieldProblem[];
}

/** How one sync worker words its journal: its records, its tab, its field names. */
export interface FailureWording {
  /** The shop's name of the field a Mindbox validation message points at (`path` as Mindbox gives it). */
  fieldLabel(path: readonly string[]): string | undefined;
  /** The text for data Mindbox refused, given its problems listed. */
  refused(listed: string): string;
  /** The settings tab that names the worker's Mindbox operations. */
  operationsTab: string;
  /** The start of the text of a failure nothing else explains. */
  otherwise: string;
}

/** Mindbox's validation messages, each with the field it is about. */
function fieldProblems(
  messages: readonly MindboxValidationMessage[],
  fieldLabel: FailureWording['fieldLabel'],
): FieldProblem[] {
  return messages.map(({ message, location, path }) => {
    const field = fieldLabel(path);
    return { ...(field ? { field } : {}), message, ...(location ? { location } : {}) };
  });
}

/**
 * What a sync journal says about a failure: in the shop's words first (what is wrong and what to
 * do), the technical text after it; and whether trying again later may help.
 */
export function describeSyncFailure(error: unknown, wording: FailureWording): FailureText {
  if (error instanceof MindboxValidationError) {
    const problems = fieldProblems(error.validationMessages, wording.fieldLabel);
    const listed = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
    return {
      text: wording.refused(listed || 'no reason given'),
      retryable: false,
      problems,
    };
  }
  if (error instanceof MindboxAuthError) {
    return {
      text: `Mindbox refused the endpoint or its secret key: check the "Mindbox access" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof MindboxNotFoundError) {
    return {
      text: `Mindbox does not know operation "${error.operation}": check the operation names of the "${wording.operationsTab}" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof MindboxForbiddenAddressError) {
    return {
      text: `The Mindbox API address points at a private or loopback address, where the module does not connect: check the "Mindbox access" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof MindboxUnavailableError) {
    return {
      text: `Mindbox is unavailable for now; the change waits and is sent again. (${error.message})`,
      retryable: true,
    };
  }
  if (error instanceof MindboxError) {
    return { text: `Mindbox refused the request. (${error.message})`, retryable: error.retryable };
  }
  if (error instanceof RetailCrmAuthError) {
    return {
      text: `RetailCRM refused the module's API key: check the "Access" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof RetailCrmForbiddenAddressError) {
    return {
      text: `The RetailCRM address points at a private or loopback address, where the module does not connect: check the "Access" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof RetailCrmNotAnAccountError) {
    return {
      text: `The RetailCRM address does not answer as an account: check the "Access" tab. (${error.message})`,
      retryable: false,
    };
  }
  if (error instanceof RetailCrmRateLimitedError || error instanceof RetailCrmUnavailableError) {
    return {
      text: `RetailCRM is unavailable for now; the change waits and is sent again. (${error.message})`,
      retryable: true,
    };
  }
  if (error instanceof RetailCrmError) {
    return { text: `RetailCRM refused the request. (${error.message})`, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  const retryable = (error as { retryable?: unknown } | null)?.retryable !== false;
  return { text: `${wording.otherwise}: ${message}`, retryable };
}
