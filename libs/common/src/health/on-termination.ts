/** The signals that end a service: Kubernetes sends SIGTERM, a terminal Ctrl-C SIGINT. */
export const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Calls `listener` once, the moment a termination signal arrives: before Nest runs any shutdown
 * hook, and so before slow `onModuleDestroy` hooks of other modules. Returns a function that
 * removes the listener (for an app closed without a signal).
 *
 * The listeners are `once`, so they are gone when Nest re-raises the signal to end the process.
 */
export function onTermination(listener: (signal: NodeJS.Signals) => void): () => void {
  let called = false;
  const once = (signal: NodeJS.Signals): void => {
    if (called) return;
    called = true;
    listener(signal);
  };
  for (const signal of TERMINATION_SIGNALS) process.once(signal, once);
  return () => {
    for (const signal of TERMINATION_SIGNALS) process.removeListener(signal, once);
  };
}
