import { Injectable } from '@nestjs/common';

/** Simulator stores register how to forget their state; `POST /control/reset` calls them all. */
@Injectable()
export class ResetRegistry {
  private readonly resets: (() => void | Promise<void>)[] = [];

  register(reset: () => void | Promise<void>): void {
    this.resets.push(reset);
  }

  async resetAll(): Promise<void> {
    for (const reset of this.resets) await reset();
  }
}
