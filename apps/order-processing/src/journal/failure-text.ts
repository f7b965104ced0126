import {
  describeSyncFailure,
  type FailureText,
  type FailureWording,
  type FieldProblem,
} from '@app/common/journal/failure-text';

export type { FailureText, FieldProblem };

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

const WORDING: FailureWording = {
  fieldLabel: orderFieldLabel,
  refused: (listed) =>
    `Mindbox did not accept the order: ${listed}. Correct the order in RetailCRM; the change is sent again then.`,
  operationsTab: 'Orders',
  otherwise: 'Order processing failed',
};

/** What order-processing's journal says about a failure (see `describeSyncFailure`). */
export function describeFailure(error: unknown): FailureText {
  return describeSyncFailure(error, WORDING);
}
