/**
 * @module Runs the allocation engine on a trace against the embedded IPAM (in-memory SQLite, a ManualClock), with the
 * harness's timing (decide at each tick and after each instant's events) and the harness's metric definitions: a
 * reservation is ready one on-demand latency after it is made; an allocation takes the oldest live reservation (a hit
 * when ready, else it waits until ready), or waits one latency; idle time is ready time not yet claimed. A release
 * in the trace releases the claimed reservation, so the IPAM only ever holds what is in use or reserved.
 */
import { summarise, type PolicyMetrics } from '../allocate/metrics';
import { CostModelSchema, type CostModel, type CostModelInput } from '../allocate/cost';
import type { PoolOutcome } from '../allocate/pool-sim';
import { ManualClock } from '../core/ports';
import type { Reservation } from '../core/reservation';
import type { ShadowEntry } from '../core/shadow';
import type { Trace, TraceEvent } from '../core/trace';
import { EmbeddedIpam } from '../ipam/embedded-ipam';
import { openStore } from '../store';
import { AllocationEngine } from './engine';
import { enginePolicy, type EnginePolicy, type EnginePolicyInput } from './policy';

/** The shadow inventory entry for a resource at `tMs`, from events strictly before `tMs` (causal), or null. */
export type EntryProvider = (resourceId: string, tMs: number, past: readonly TraceEvent[], policy: EnginePolicy) => ShadowEntry | null;

/** Options: the cost model, the decision tick, the engine policy and the prefix the embedded IPAM serves. */
export interface EngineBacktestOptions {
  cost?: CostModelInput;
  tickMs?: number;
  policy?: EnginePolicyInput;
  prefix?: string;
  /** Where the store lives (default an in-memory SQLite database); a file keeps the run for inspection. */
  storeUrl?: string;
  /** Called after each tick with the tick's time (for progress bars). */
  onTick?: (tMs: number) => void;
}

function outcomes(trace: Trace, rs: readonly Reservation[], claimedAt: ReadonlyMap<string, number>, waits: Map<string, number[]>, cost: CostModel): PoolOutcome[] {
  return trace.resources.map((res) => {
    const w = waits.get(res.id) ?? [];
    let idleMs = 0, expired = 0;
    for (const r of rs.filter((x) => x.resourceId === res.id)) {
      const readyAt = r.createdAt + cost.latencyMs;
      const endAt = r.state === 'live' ? trace.endMs : r.state === 'released' ? (claimedAt.get(r.id) ?? r.updatedAt) : r.updatedAt;
      idleMs += Math.max(0, Math.min(endAt, trace.endMs) - readyAt);
      if (r.state === 'released' && !claimedAt.has(r.id)) expired++;
    }
    return { allocs: w.length, hits: w.filter((x) => x === 0).length, waitsMs: w, idleMs, expired };
  });
}

/** Replays `trace` through the engine and reports the harness's PolicyMetrics. */
export async function engineBacktest(trace: Trace, entries: EntryProvider, options: EngineBacktestOptions = {}): Promise<PolicyMetrics> {
  const cost = CostModelSchema.parse(options.cost ?? {});
  const tickMs = options.tickMs ?? 60_000;
  // As in the harness: nothing expires unless the policy says so, and only ready reservations are ever dropped.
  const policy = enginePolicy({ ttlMs: Math.max(1, trace.endMs - trace.startMs + tickMs), maxGlobal: 1_000_000, minHoldMs: cost.latencyMs, ...options.policy, cost });
  const store = await openStore(options.storeUrl ?? 'sqlite::memory:');
  try {
    const clock = new ManualClock(trace.startMs);
    const ipam = new EmbeddedIpam(store.ipam, clock);
    const prefix = await ipam.addPrefix(options.prefix ?? 'fd00:5a::/64');
    const placement = () => ({ source: { kind: 'prefix' as const, id: prefix } });
    const engine = new AllocationEngine({ store, sot: ipam, clock, policy, placement });
    // The harness decides at a tick boundary before addresses due exactly then become ready, and after events once
    // they have; a second engine on the same store, one ms more patient, mirrors the boundary case.
    const atBoundary = new AllocationEngine({ store, sot: ipam, clock, policy: enginePolicy({ ...policy, minHoldMs: policy.minHoldMs + 1 }), placement });
    const past = new Map<string, TraceEvent[]>(trace.resources.map((r) => [r.id, []]));
    const waits = new Map<string, number[]>();
    const claimedAt = new Map<string, number>();
    // At a tick every resource decides; after an instant's events only the resources that had events (as the harness).
    const decide = async (t: number, boundary = false, only?: ReadonlySet<string>): Promise<void> => {
      clock.set(t);
      const list = trace.resources.filter((r) => !only || only.has(r.id))
        .map((r) => entries(r.id, t, past.get(r.id) ?? [], policy)).filter((e): e is ShadowEntry => e !== null);
      await (boundary ? atBoundary : engine).tick(list);
    };
    const ev = trace.events;
    let ei = 0;
    for (let tick = trace.startMs; tick <= trace.endMs; tick += tickMs) {
      await decide(tick, true);
      const stop = Math.min(tick + tickMs, trace.endMs + 1);
      while (ei < ev.length && ev[ei]!.tMs < stop) {
        const t = ev[ei]!.tMs;
        const touched = new Set<string>();
        clock.set(t);
        for (; ei < ev.length && ev[ei]!.tMs === t; ei++) {
          const e = ev[ei]!;
          past.get(e.resourceId)?.push(e);
          touched.add(e.resourceId);
          if (e.kind === 'release') { await engine.release({ resourceId: e.resourceId, key: e.key }); continue; }
          const r = await engine.claim({ resourceId: e.resourceId, key: e.key });
          const wait = r ? Math.max(0, r.createdAt + cost.latencyMs - t) : cost.latencyMs;
          if (r) claimedAt.set(r.id, t);
          const list = waits.get(e.resourceId) ?? [];
          list.push(wait);
          waits.set(e.resourceId, list);
        }
        await decide(t, false, touched);
      }
      options.onTick?.(tick);
    }
    return summarise(outcomes(trace, await store.reservations.list({ limit: Number.MAX_SAFE_INTEGER }), claimedAt, waits, cost), cost);
  } finally {
    await store.close();
  }
}
