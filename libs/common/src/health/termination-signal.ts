import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { onTermination } from './on-termination';

/**
 * Notes the moment a termination signal arrives, before any shutdown hook runs. Terminus only
 * turns readiness red in `beforeApplicationShutdown`, after every `onModuleDestroy` has finished,
 * and a worker draining a slow pass would keep the pod in the Service all that while.
 */
@Injectable()
export class TerminationSignal implements OnModuleInit, OnApplicationShutdown {
  private receivedSignal: NodeJS.Signals | undefined;
  private stopListening: (() => void) | undefined;

  /** The signal that started the shutdown, if one has arrived. */
  get received(): NodeJS.Signals | undefined {
    return this.receivedSignal;
  }

  onModuleInit(): void {
    this.stopListening = onTermination((signal) => (this.receivedSignal = signal));
  }

  onApplicationShutdown(): void {
    this.stopListening?.();
  }
}
