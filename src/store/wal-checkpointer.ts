/**
 * @module Checkpoints a SQLite store's write-ahead log on a worker thread, so that no request pays for copying the log
 * into the database file and its fsync: the service's own connection then checkpoints only as a rare safety net.
 */
import { Worker } from 'node:worker_threads';
import type { Log } from '../log/logger';
import type { Db } from './connect';

/** Pages the service's connection may let the log grow to before it checkpoints itself (the worker fell behind). */
const SAFETY_NET_PAGES = 20_000;

// Plain CommonJS run by the worker; the driver's path comes from the parent, so the worker resolves nothing itself.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path);
db.pragma('busy_timeout = 1000');
const once = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: r });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) });
  }
};
const timer = setInterval(once, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  once();
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer. */
export interface WalCheckpointer {
  /** Checkpoints once more, then ends the worker. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing the store file every `everyMs` on a worker thread, and raises the service connection's own
 * automatic checkpoint to the safety net.
 */
export function startWalCheckpointer(file: NonNullable<Db['sqliteFile']>, log: Log, everyMs = 1000): WalCheckpointer {
  const { path } = file;
  file.autocheckpoint(SAFETY_NET_PAGES);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs, driver: require.resolve('better-sqlite3') } });
  let failing = false;
  worker.on('message', (m: { ok?: { busy: number; log: number; checkpointed: number }; error?: string }) => {
    // One line when checkpoints start failing and one when they recover, not one a second.
    if (m.error && !failing) log.warn('store.checkpoint.failed', { path, error: m.error });
    if (m.ok && failing) log.info('store.checkpoint.recovered', { path, walPages: m.ok.log });
    failing = Boolean(m.error);
  });
  worker.on('error', (err) => log.warn('store.checkpoint.failed', { path, error: err.message }));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
      await worker.terminate();
    },
  };
}
