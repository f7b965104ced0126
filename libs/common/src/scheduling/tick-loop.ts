import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `tick` every `intervalMs` until stopped; `wake()` runs the next tick early. A failing
 * tick is reported to `onError` and the loop goes on.
 */
export class TickLoop {
  private running: Promise<void> | null = null;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private wokenEarly = false;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.running ??= this.loop();
  }

  /** Stops after the tick in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    this.running = null;
  }

  /** Runs the next tick after `delayMs` instead of at the end of the interval. */
  wake(delayMs = 0): void {
    if (delayMs <= 0) {
      this.wokenEarly = true;
      this.wakeUp?.();
      return;
    }
    setTimeout(() => this.wake(0), delayMs).unref();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.wokenEarly = false;
      try {
        await this.tick();
      } catch (error) {
        this.onError(error);
      }
      if (this.stopped || this.wokenEarly) continue;
      const controller = new AbortController();
      this.wakeUp = () => controller.abort();
      await sleep(this.intervalMs, undefined, { signal: controller.signal }).catch(() => undefined);
      this.wakeUp = null;
    }
  }
}
