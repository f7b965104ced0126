import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Notes the moment a termination signal arrives, before any shutdown hook runs. Terminus only
 * turns readiness red in `beforeApplicationShutdown`, after every `onModuleDestroy` has finished,
 * and a worker draining a slow pass would keep the pod in the Service all that while.
 *
 * The listeners are `once`, so they are gone when Nest re-raises the signal to end the process;
 * an app closed without a signal removes them itself.
 */
@Injectable()
export class TerminationSignal implements OnModuleInit, OnApplicationShutdown {
  private receivedSignal: NodeJS.Signals | undefined;
  private readonly listener = (signal: NodeJS.Signals): void => {
    this.receivedSignal ??= signal;
  };

  /** The signal that started the shutdown, if one has arrived. */
  get received(): NodeJS.Signals | undefined {
    return this.receivedSignal;
  }

  onModuleInit(): void {
    for (const signal of SIGNALS) process.once(signal, this.listener);
  }

  onApplicationShutdown(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.listener);
  }
}
