/** @module A job run every interval that never overlaps itself: a tick that finds the last run still going is skipped. */

/** Handle to a periodic job. */
export interface Periodic<T> {
  /** Runs now unless a run is going (then waits for it and gives null); null also when the run failed. */
  runNow(): Promise<T | null>;
  /** Resolves when the current run (if any) finishes. */
  idle(): Promise<void>;
  stop(): void;
}

/** Starts `run` every `intervalMs`; a failed run goes to `onError` and the next interval tries again. */
export function startPeriodic<T>(intervalMs: number, run: () => Promise<T>, onError: (err: Error) => void): Periodic<T> {
  let running: Promise<T | null> | null = null;
  const runNow = (): Promise<T | null> => {
    if (running) return running.then(() => null);
    running = run().catch((err: Error) => {
      onError(err);
      return null;
    }).finally(() => { running = null; });
    return running;
  };
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  return { runNow, idle: async () => void (await running), stop: () => clearInterval(timer) };
}
