import { randomUUID } from 'node:crypto';

/** A new idempotency key: a v4 GUID, the form Mindbox asks for (reference §1.4). */
export function newTransactionId(): string {
  return randomUUID();
}

/** The key a call sends: the one the caller stored before the call, else a new one. */
export interface ResolvedTransactionId {
  transactionId: string;
  /** True when the key was made up here and the caller should persist it. */
  generated: boolean;
}

/** Takes the stored key when there is one (blank counts as none), else generates one. */
export function resolveTransactionId(stored?: string | null): ResolvedTransactionId {
  const given = stored?.trim();
  return given
    ? { transactionId: given, generated: false }
    : { transactionId: newTransactionId(), generated: true };
}
