/**
 * @module Leader election for the engine's writers: every replica tries the store's leader lock every few seconds;
 * the one that holds it runs the leader's duties until its lock is lost, then goes back to waiting.
 */
import type { Gauge } from 'prom-client';
import type { Log } from '../log/logger';
import type { LeaderLock } from '../store/advisory-lock';

/** What the election runs on. */
export interface ElectionOptions {
  lock: LeaderLock;
  /** How often a follower tries the lock and the leader checks it still holds it. */
  retryMs: number;
  log: Log;
  /** `ipshadow_engine_leader`: 1 while this process leads. */
  gauge?: Gauge;
  /** Starts the leader's duties (awaited before the first check). */
  onAcquired(): Promise<void>;
  /** Stops them (the lock is gone, or the election stops). */
  onLost(): Promise<void>;
}

/** A running election. */
export interface Election {
  isLeader(): boolean;
  /** Resolves after the next round (tests and start-up). */
  round(): Promise<void>;
  /** Stops the duties if leading, releases the lock and stops trying. */
  stop(): Promise<void>;
}

/** Starts trying for the lock now, then every `retryMs`. */
export function startElection(o: ElectionOptions): Election {
  let leader = false;
  let stopped = false;
  // The last state logged while waiting, so that a follower logs once per change and not every few seconds.
  let waitingAs: string | null = null;
  const setLeader = (v: boolean) => {
    leader = v;
    o.gauge?.set(v ? 1 : 0);
  };

  const lose = async (reason: string) => {
    setLeader(false);
    waitingAs = null;
    o.log.warn('engine.leader.lost', { reason });
    await o.onLost().catch((err) => o.log.warn('engine.leader.lost', { reason: 'stopping duties failed', error: (err as Error).message }));
  };

  const follow = async () => {
    let error: string | undefined;
    try {
      if (await o.lock.tryAcquire()) {
        setLeader(true);
        o.log.info('engine.leader.acquired', {});
        await o.onAcquired();
        return;
      }
    } catch (err) {
      if (leader) return; // the duties log their own failures; the lock is held, and the next round checks it
      error = (err as Error).message;
    }
    const holder = error ? null : await o.lock.holder().catch(() => null);
    const as = error ?? holder ?? '';
    if (as === waitingAs) return;
    waitingAs = as;
    o.log.info('engine.leader.waiting', { retrySeconds: o.retryMs / 1000, ...(holder && { holder }), ...(error && { error }) });
  };

  const once = async () => {
    if (stopped) return;
    if (!leader) await follow();
    else if (!(await o.lock.check())) await lose('lock connection lost');
  };

  setLeader(false);
  let current: Promise<void> = Promise.resolve();
  const next = () => (current = current.then(once).catch(() => undefined));
  next();
  const timer = setInterval(next, o.retryMs);
  timer.unref();

  return {
    isLeader: () => leader,
    round: () => next(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
      if (leader) {
        setLeader(false);
        await o.onLost();
      }
      await o.lock.release();
    },
  };
}
