/** @module Writes to NetBox and Kea taken off a request's path: run in order, retried with backoff until they succeed. */
import type { Log } from '../log/logger';

/** Options: backoff bounds, and a hook for metrics. */
export interface BackgroundWritesOptions {
  log: Log;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onDepth?: (depth: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A FIFO of idempotent tasks. A failing task is retried (NetBox down: writes queue up and drain when it returns);
 * tasks behind it wait, so their order holds. A crash loses the queue; reconcile repairs what it held.
 */
export class BackgroundWrites {
  private readonly queue: Array<{ name: string; task: () => Promise<void> }> = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: BackgroundWritesOptions) {}

  /** Tasks not yet done. */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues a task. */
  push(name: string, task: () => Promise<void>): void {
    this.queue.push({ name, task });
    this.o.onDepth?.(this.queue.length);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves when the queue is empty (or stopped). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops retrying; queued tasks are left to reconcile. */
  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
    let backoff = this.o.minBackoffMs ?? 200;
    while (this.queue.length > 0 && !this.stopped) {
      const head = this.queue[0]!;
      try {
        await head.task();
        this.queue.shift();
        this.o.onDepth?.(this.queue.length);
        backoff = this.o.minBackoffMs ?? 200;
      } catch (err) {
        this.o.log.warn('background.write.retry', { task: head.name, depth: this.queue.length, delayMs: backoff, error: (err as Error).message });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs ?? 10_000);
      }
    }
  }
}
