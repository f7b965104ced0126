import {
  describeSyncFailure,
  type FailureText,
  type FailureWording,
  type FieldProblem,
} from '@app/common/journal/failure-text';

export type { FailureText, FieldProblem };

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

const WORDING: FailureWording = {
  fieldLabel,
  refused: (listed) =>
    `Mindbox did not accept the customer's data: ${listed}. Correct the customer in RetailCRM; the change is sent again then.`,
  operationsTab: 'Customers',
  otherwise: 'The sync failed',
};

/** What customer-sync's journal says about a failure (see `describeSyncFailure`). */
export function describeFailure(error: unknown): FailureText {
  return describeSyncFailure(error, WORDING);
}
