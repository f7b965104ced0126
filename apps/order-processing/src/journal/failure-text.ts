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

/** One problem Mindbox found, with the field it is about. */
export interface FieldProblem {
  field?: string;
  message: string;
  location?: string;
}

/** A failure as the sync journal shows it. */
export interface FailureText {
  text: string;
  retryable: boolean;
  problems?: FieldProblem[];
}

/** The shop's name of the order field a validation message points at. */
export function orderFieldLabel(path: readonly string[]): string | undefined {
  const parts = path[0] === 'order' ? path.slice(1) : [...path];
  if (parts.length === 0) return undefined;
  if (parts[0] === 'lines') return parts[1] !== undefined ? `Line ${Number(parts[1]) + 1}` : 'Lines';
  if (parts[0] === 'coupons') return 'Promo code';
  if (parts[0] === 'bonusPoints') return 'Bonus points';
  if (parts[0] === 'customer') return 'Customer';
  if (parts[0] === 'transaction') return 'Transaction';
  if (parts[0] === 'customFields' && parts[1]) return `Additional field ${parts[1]}`;
  return parts.join('.');
}

function fieldProblems(messages: readonly MindboxValidationMessage[]): FieldProblem[] {
  return messages.map(({ message, location, path }) => {
    const field = orderFieldLabel(path);
    return { ...(field ? { field } : {}), message, ...(location ? { location } : {}) };
  });
}

/** What the journal says about a failure: the shop's words first, then Mindbox's or the CRM's own. */
export function describeFailure(error: unknown): FailureText {
  if (error instanceof MindboxValidationError) {
    const problems = fieldProblems(error.validationMessages);
    const listed = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
    return {
      text: `Mindbox did not accept the order: ${listed || 'no reason given'}. Correct the order in RetailCRM; the change is sent again then.`,
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
      text: `Mindbox does not know operation "${error.operation}": check the operation names of the "Orders" tab. (${error.message})`,
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
  return { text: `Order processing failed: ${message}`, retryable };
}
