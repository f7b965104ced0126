import { createHash } from 'node:crypto';

// Namespace of customer-sync's name-based UUIDs (a random v4 UUID, fixed forever).
const NAMESPACE = Buffer.from('4f0b7f0c9a3e4f6d8a51c2e4d7b9e013', 'hex');

/**
 * A name-based (version 5, RFC 9562) UUID: the same name always gives the same UUID.
 */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Mindbox `transactionId` of one step of handling one message: derived from the messageId,
 * the step and the customer, so every delivery of the message (redelivery after a crash, each
 * rung of the retry ladder, a replay from the parking queue) sends the same key and Mindbox
 * applies the step once (`TransactionAlreadyProcessed` on the repeats). Nothing needs storing
 * before the call: a key written in the handler's transaction would be rolled back with the
 * failure it should survive.
 */
export function stepTransactionId(messageId: string, step: string, customerId: number): string {
  return uuidV5(`${messageId}:${step}:${customerId}`);
}
