/** An account whose history this replica may poll (it holds the account's lease). */
export interface PollCandidate {
  accountId: string;
  /** A hook asked for a poll that has not been served yet. */
  requested: boolean;
}

/** The longest wait between the passes of an account whose passes keep failing. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Decides which accounts' history passes start now, given a few slots: at once for an account
 * that asked (hook) or whose last pass left more to read; otherwise every poll interval, most
 * overdue first, so that every account gets its turn however many there are. An account whose
 * passes fail (its CRM unreachable, its key revoked) waits twice as long after each failure, up to
 * a minute, instead of taking the slots of the accounts that work.
 */
export class PollPicker {
  private readonly lastPassAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly more = new Set<string>();

  constructor(private readonly intervalMs: number) {}

  /** The accounts to start a pass of now, at most `slots`, none of those in `running`. */
  pick(
    candidates: PollCandidate[],
    running: { has(accountId: string): boolean },
    slots: number,
    now = Date.now(),
  ) {
    if (slots <= 0) return [];
    const due = candidates
      .filter(({ accountId }) => !running.has(accountId))
      .map((candidate) => ({
        ...candidate,
        urgent: this.isUrgent(candidate),
        last: this.lastPassAt.get(candidate.accountId) ?? Number.NEGATIVE_INFINITY,
      }))
      .filter((candidate) => candidate.urgent || now - candidate.last >= this.waitOf(candidate.accountId));
    // Never polled counts as the most overdue.
    due.sort(
      (a, b) => Number(b.urgent) - Number(a.urgent) || (a.last === b.last ? 0 : a.last < b.last ? -1 : 1),
    );
    return due.slice(0, slots).map(({ accountId }) => accountId);
  }

  /** A pass of the account starts now. */
  started(accountId: string, now = Date.now()): void {
    this.lastPassAt.set(accountId, now);
    this.more.delete(accountId);
  }

  /** The pass ended; `more` when it left more history to read. */
  succeeded(accountId: string, more: boolean): void {
    this.failures.delete(accountId);
    if (more) this.more.add(accountId);
  }

  /** The pass failed: the account's next timed pass waits longer. */
  failed(accountId: string): void {
    this.failures.set(accountId, (this.failures.get(accountId) ?? 0) + 1);
  }

  /** Whether the account's last pass left more to read. */
  hasMore(accountId: string): boolean {
    return this.more.has(accountId);
  }

  private isUrgent({ accountId, requested }: PollCandidate): boolean {
    return requested || this.more.has(accountId);
  }

  private waitOf(accountId: string): number {
    const failures = this.failures.get(accountId) ?? 0;
    return failures === 0 ? this.intervalMs : Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** failures);
  }
}
