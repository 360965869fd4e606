/** @module Keeps the mirror fresh: periodic full resync, and debounced resource refresh after webhooks. */
import type { App } from '../app';

/** Handle to stop the loop or ask for a resource refresh. */
export interface ResyncLoop {
  markDirty(): void;
  stop(): void;
  /** Resolves when the current sync (if any) finishes. */
  idle(): Promise<void>;
}

/** Starts the loop; with `initialSync` a full sync runs at once. */
export function startResyncLoop(app: App, opts: { initialSync: boolean; debounceMs?: number }): ResyncLoop {
  let running: Promise<void> = Promise.resolve();
  let refreshTimer: NodeJS.Timeout | undefined;
  const fullSync = () => {
    running = running.then(async () => {
      try {
        await app.netbox.sync.run();
        app.metrics.syncRuns.inc({ result: 'ok' });
        await app.refreshResources();
      } catch (err) {
        app.metrics.syncRuns.inc({ result: 'error' });
        app.log.error('serve.resync.failed', { error: (err as Error).message });
      }
    });
  };
  const interval = app.config.netbox.resyncIntervalSec;
  const timer = interval > 0 ? setInterval(fullSync, interval * 1000) : undefined;
  timer?.unref();
  if (opts.initialSync) fullSync();
  return {
    markDirty() {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined;
        running = running.then(() => app.refreshResources().then(() => undefined, (err: Error) => app.log.error('serve.resync.failed', { error: err.message })));
      }, opts.debounceMs ?? 1000);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (refreshTimer) clearTimeout(refreshTimer);
    },
    idle: () => running,
  };
}
