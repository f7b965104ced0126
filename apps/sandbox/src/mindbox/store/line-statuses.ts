import type { AppliedDiscount, LineStatusSettings, OrderLine } from './mindbox.entities';
import type { Cents } from './money';
import { MindboxValidationFailure } from './simulator-errors';

/** A status change of one line, found by `lineNumber`, else `lineId`, else product ids. */
export interface LineStatusChange {
  lineNumber?: number;
  lineId?: string;
  productIds?: Record<string, string>;
  /** Part of the line's quantity; the rest stays in its status (the line is split). */
  quantity?: number;
  status: string;
}

export type LineKind = 'active' | 'cancelled' | 'returned';

export function lineKind(status: string | undefined, settings: LineStatusSettings): LineKind {
  if (status === undefined) return 'active';
  if (settings.cancelled.includes(status)) return 'cancelled';
  if (settings.returned.includes(status)) return 'returned';
  return 'active';
}

export interface LineStatusResult {
  lines: OrderLine[];
  /** Points of the lines that left the order (cancelled or returned), to give back. */
  freedPoints: Cents;
}

/**
 * Applies status changes to an order's lines. A change for part of a line's quantity splits the
 * line, the new part taking the next free line number (Mindbox splits lines the same way on a
 * partial return, reference §4.6). A line leaving the order frees its points; a line already out
 * that comes back changes status only, without spending points again. Pure.
 */
export function changeLineStatuses(
  current: readonly OrderLine[],
  changes: readonly LineStatusChange[],
  settings: LineStatusSettings,
): LineStatusResult {
  const lines = current.map((line) => ({ ...line, applied: [...line.applied] }));
  let freedPoints = 0;
  changes.forEach((change, c) => {
    const index = findLine(lines, change);
    if (index < 0) {
      throw MindboxValidationFailure.at(`/order/lines/${c}`, 'Линия заказа не найдена.');
    }
    const line = lines[index];
    const quantity = change.quantity ?? line.quantity;
    if (quantity > line.quantity) {
      throw MindboxValidationFailure.at(
        `/order/lines/${c}/quantity`,
        `Количество ${quantity} больше, чем в линии (${line.quantity}).`,
      );
    }
    let target = line;
    if (quantity < line.quantity) {
      const part = splitLine(line, quantity, Math.max(...lines.map((l) => l.lineNumber)) + 1);
      lines[index] = part.rest;
      lines.push(part.moved);
      target = part.moved;
    }
    const wasActive = lineKind(target.status, settings) === 'active';
    target.status = change.status;
    if (wasActive && lineKind(change.status, settings) !== 'active') {
      freedPoints += target.spentPoints;
      target.spentPoints = 0;
    }
  });
  return { lines, freedPoints };
}

function findLine(lines: OrderLine[], change: LineStatusChange): number {
  if (change.lineNumber !== undefined) return lines.findIndex((l) => l.lineNumber === change.lineNumber);
  const same = (l: OrderLine): boolean =>
    change.lineId !== undefined
      ? l.lineId === change.lineId
      : Object.entries(change.productIds ?? {}).some(([key, value]) => l.productIds[key] === value);
  // Of several lines with the same id (after a split), take one not already in the new status.
  const candidates = lines.map((l, i) => ({ l, i })).filter(({ l }) => same(l));
  return (candidates.find(({ l }) => l.status !== change.status) ?? candidates[0])?.i ?? -1;
}

function splitLine(
  line: OrderLine,
  quantity: number,
  lineNumber: number,
): { rest: OrderLine; moved: OrderLine } {
  const share = quantity / line.quantity;
  const part = (cents: Cents): Cents => Math.round(cents * share);
  const movedApplied: AppliedDiscount[] = line.applied.map((a) => ({ ...a, amount: part(a.amount) }));
  const moved: OrderLine = {
    ...line,
    lineNumber,
    quantity,
    discountedPriceOfLine: part(line.discountedPriceOfLine),
    spentPoints: part(line.spentPoints),
    applied: movedApplied,
  };
  const rest: OrderLine = {
    ...line,
    quantity: Math.round((line.quantity - quantity) * 1000) / 1000,
    discountedPriceOfLine: line.discountedPriceOfLine - moved.discountedPriceOfLine,
    spentPoints: line.spentPoints - moved.spentPoints,
    applied: line.applied.map((a, i) => ({ ...a, amount: a.amount - movedApplied[i].amount })),
  };
  return { rest, moved };
}
