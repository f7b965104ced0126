import {
  MindboxAuthError,
  MindboxError,
  MindboxNotFoundError,
  MindboxUnavailableError,
  MindboxValidationError,
  type MindboxValidationMessage,
} from '@app/mindbox';
import {
  RetailCrmAuthError,
  RetailCrmError,
  RetailCrmNotAnAccountError,
  RetailCrmRateLimitedError,
  RetailCrmUnavailableError,
} from '@app/retailcrm';

/** One problem Mindbox found, named the way the shop's staff name the field. */
export interface FieldProblem {
  /** The field as the settings page shows it, e.g. "E-mail"; absent for the customer as a whole. */
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

const FIELD_LABELS: Record<string, string> = {
  email: 'E-mail',
  mobilePhone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  middleName: 'Patronymic',
  birthDate: 'Birth date',
  sex: 'Sex',
  subscriptions: 'Subscriptions',
  ids: 'Customer id',
  area: 'Area',
};

/** The settings-page name of the field a validation message points at. */
export function fieldLabel(path: readonly string[]): string | undefined {
  const parts = path[0] === 'customer' ? path.slice(1) : [...path];
  if (parts.length === 0) return undefined;
  if (parts[0] === 'customFields' && parts[1]) return `Additional field ${parts[1]}`;
  if (parts[0] === 'ids' && parts[1]) return `Customer id (${parts[1]})`;
  if (parts[0] === 'subscriptions') return FIELD_LABELS.subscriptions;
  return FIELD_LABELS[parts[0]] ?? parts.join('.');
}

/** Mindbox's validation messages, each with the field it is about. */
export function fieldProblems(messages: readonly MindboxValidationMessage[]): FieldProblem[] {
  return messages.map(({ message, location, path }) => {
    const field = fieldLabel(path);
    return { ...(field ? { field } : {}), message, ...(location ? { location } : {}) };
  });
}

/**
 * What the journal says about a failure: in the shop's words first (what is wrong and what to do),
 * the technical text after it.
 */
export function describeFailure(error: unknown): FailureText {
  if (error instanceof MindboxValidationError) {
    const problems = fieldProblems(error.validationMessages);
    const listed = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
    return {
      text: `Mindbox did not accept the customer's data: ${listed || 'no reason given'}. Correct the customer in RetailCRM; the change is sent again then.`,
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
      text: `Mindbox does not know operation "${error.operation}": check the operation names of the "Customers" tab. (${error.message})`,
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
  return { text: `The sync failed: ${message}`, retryable };
}
