/** @module A job run every interval that never overlaps itself: a tick that finds the last run still going is skipped. */

/** Handle to a periodic job. */
export interface Periodic<T> {
  /** Runs now unless a run is going (then waits for it and gives null); null also when the run failed. */
  runNow(): Promise<T | null>;
  /** Resolves when the current run (if any) finishes. */
  idle(): Promise<void>;
  stop(): void;
}

/** Hears each finished run: its result (null when it failed) and how long it took. */
export type RunListener = (result: 'ok' | 'failed', seconds: number) => void;

/** Starts `run` every `intervalMs`; a failed run goes to `onError` and the next interval tries again. */
export function startPeriodic<T>(intervalMs: number, run: () => Promise<T>, onError: (err: Error) => void, onRun?: RunListener): Periodic<T> {
  let running: Promise<T | null> | null = null;
  const runNow = (): Promise<T | null> => {
    if (running) return running.then(() => null);
    const started = performance.now();
    running = run().then((r) => {
      onRun?.('ok', (performance.now() - started) / 1000);
      return r;
    }, (err: Error) => {
      onRun?.('failed', (performance.now() - started) / 1000);
      onError(err);
      return null;
    }).finally(() => { running = null; });
    return running;
  };
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  return { runNow, idle: async () => void (await running), stop: () => clearInterval(timer) };
}
