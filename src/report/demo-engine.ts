/**
 * @module The demo's engine run: the real AllocationEngine on a SQLite store file and the embedded IPAM, fed by the
 * lead-signal model, through the engine backtest adapter; then the reservation timeline read back from that store.
 */
import { rmSync } from 'node:fs';
import type { CostModel } from '../allocate/cost';
import type { TrainedLead } from '../allocate/lead-policy';
import type { Trace } from '../core/trace';
import { engineBacktest } from '../engine/backtest';
import { ENGINE_EVENTS } from '../engine/lifecycle';
import { enginePolicy } from '../engine/policy';
import { openStore } from '../store';
import { leadEnginePolicy, leadEntries } from './demo-entries';
import type { EngineRun, ReservationEnd, TimelineBar } from './types';

const ENDS = { [ENGINE_EVENTS.claimed]: 'claimed', [ENGINE_EVENTS.expired]: 'expired', [ENGINE_EVENTS.cancelled]: 'cancelled' } as const;

/** The busiest `hours`-long window of a slice (most allocations), stepped by the hour. */
export function busiestWindow(allocs: readonly number[], fromMs: number, toMs: number, hours: number): { fromMs: number; toMs: number } {
  const len = Math.min(hours * 3_600_000, toMs - fromMs);
  let best = { fromMs, toMs: fromMs + len }, bestN = -1;
  for (let a = fromMs; a + len <= toMs; a += 3_600_000) {
    const n = allocs.filter((t) => t >= a && t < a + len).length;
    if (n > bestN) { bestN = n; best = { fromMs: a, toMs: a + len }; }
  }
  return best;
}

/** Reads every reservation back from the store with how and when it ended. */
export async function readTimeline(storeUrl: string, endMs: number): Promise<TimelineBar[]> {
  const store = await openStore(storeUrl);
  try {
    const ended = new Map<string, { end: ReservationEnd; ts: number }>();
    for (const [type, end] of Object.entries(ENDS)) {
      for (const e of await store.events.list({ type, limit: Number.MAX_SAFE_INTEGER })) if (e.reservationId) ended.set(e.reservationId, { end, ts: e.ts });
    }
    return (await store.reservations.list({ limit: Number.MAX_SAFE_INTEGER })).map((r) => {
      const e = ended.get(r.id);
      return { resourceId: r.resourceId, address: r.address, createdMs: r.createdAt, endMs: e?.ts ?? endMs, end: e?.end ?? 'live' };
    });
  } finally {
    await store.close();
  }
}

/** Runs the engine over `slice` on a fresh SQLite file at `dbPath` and returns its metrics and timeline. */
export async function runEngine(slice: Trace, trained: ReadonlyMap<string, TrainedLead>, cost: CostModel, dbPath: string, o: { tickMs: number; windowHours: number; onTick?: (tMs: number) => void }): Promise<Omit<EngineRun, 'harness'>> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const url = `sqlite:${dbPath}`, t0 = Date.now();
  const policy = leadEnginePolicy(trained, cost);
  const entries = leadEntries(trained, enginePolicy(policy).serviceLevel ?? 0.5);
  const metrics = await engineBacktest(slice, entries, { cost, tickMs: o.tickMs, policy, storeUrl: url, onTick: o.onTick });
  const ms = Date.now() - t0;
  const all = await readTimeline(url, slice.endMs);
  const allocations = slice.events.filter((e) => e.kind === 'alloc').map((e) => ({ tMs: e.tMs, resourceId: e.resourceId }));
  const window = busiestWindow(allocations.map((a) => a.tMs), slice.startMs, slice.endMs, o.windowHours);
  const counts: Record<ReservationEnd, number> = { claimed: 0, expired: 0, cancelled: 0, live: 0 };
  for (const b of all) counts[b.end]++;
  return {
    store: dbPath, fromMs: slice.startMs, toMs: slice.endMs, metrics, counts, window, ms,
    allocations: allocations.filter((a) => a.tMs >= window.fromMs && a.tMs <= window.toMs),
    bars: all.filter((b) => b.endMs >= window.fromMs && b.createdMs <= window.toMs),
  };
}
