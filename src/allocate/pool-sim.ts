/**
 * @module Replays one resource's events against a pool policy. The pool holds addresses for the resource: ready
 * ones (idle, counted in address-minutes) and requested ones that become ready one latency later. An allocation
 * takes a ready address (a hit), else the earliest requested one, else waits one on-demand latency. A release
 * gives the address back to the IPAM, not to the pool. The policy decides after each instant's events and at each
 * tick; ready addresses it drops count as expired reservations.
 */
import type { TraceEvent } from '../core/trace';
import type { CostModel } from './cost';

/** What a policy sees when it decides. */
export interface PoolState {
  tMs: number;
  used: number;
  ready: number;
  pending: number;
}

/** A pool policy for one resource: the change it wants (+n request, −n release ready addresses). */
export interface PoolPolicy {
  decide(s: PoolState): number;
  /** Times to place requests at regardless of state (the oracle's perfect knowledge). */
  planned?: readonly number[];
}

/** Raw outcome of one resource's replay. */
export interface PoolOutcome {
  allocs: number;
  hits: number;
  waitsMs: number[];
  idleMs: number;
  expired: number;
}

/** Optional observers of a replay: idle spans (`ready` addresses over [fromMs, toMs)) and each allocation's wait. */
export interface PoolProbe {
  idle?(fromMs: number, toMs: number, ready: number): void;
  alloc?(tMs: number, waitMs: number): void;
}

/** Replays `events` (one resource, sorted) from `startMs` to `endMs`, deciding every `tickMs`. */
export function simulatePool(events: readonly TraceEvent[], policy: PoolPolicy, cost: CostModel, startMs: number, endMs: number, tickMs: number, probe?: PoolProbe): PoolOutcome {
  const out: PoolOutcome = { allocs: 0, hits: 0, waitsMs: [], idleMs: 0, expired: 0 };
  const pending: number[] = [];
  const planned = [...(policy.planned ?? [])].sort((a, b) => a - b);
  let used = 0, ready = 0, now = startMs, ei = 0, pi = 0;
  const idle = (t: number): void => {
    out.idleMs += ready * (t - now);
    if (probe?.idle && ready > 0 && t > now) probe.idle(now, t, ready);
  };
  const advance = (t: number, inclusive = true): void => {
    while (pending.length && (inclusive ? pending[0]! <= t : pending[0]! < t)) { idle(pending[0]!); now = pending.shift()!; ready++; }
    idle(t);
    now = t;
  };
  const request = (t: number): void => { const r = t + cost.latencyMs; let i = pending.length; while (i > 0 && pending[i - 1]! > r) i--; pending.splice(i, 0, r); };
  const decide = (t: number): void => {
    const d = policy.decide({ tMs: t, used, ready, pending: pending.length });
    for (let i = 0; i < d; i++) request(t);
    const drop = Math.min(ready, Math.max(0, -d));
    ready -= drop;
    out.expired += drop;
  };
  for (; pi < planned.length && planned[pi]! < startMs; pi++) request(planned[pi]!);
  for (let tick = startMs; tick <= endMs; tick += tickMs) {
    const stop = Math.min(tick + tickMs, endMs + 1);
    decide(tick);
    while (true) {
      const te = ei < events.length && events[ei]!.tMs < stop ? events[ei]!.tMs : Infinity;
      const tp = pi < planned.length && planned[pi]! < stop ? planned[pi]! : Infinity;
      const t = Math.min(te, tp);
      if (t === Infinity) break;
      advance(t);
      while (pi < planned.length && planned[pi] === t) { request(t); pi++; }
      while (ei < events.length && events[ei]!.tMs === t) {
        const e = events[ei++]!;
        if (e.kind === 'release') { used = Math.max(0, used - 1); continue; }
        out.allocs++; used++;
        if (ready > 0) { ready--; out.hits++; out.waitsMs.push(0); }
        else if (pending.length) out.waitsMs.push(pending.shift()! - t);
        else out.waitsMs.push(cost.latencyMs);
        probe?.alloc?.(t, out.waitsMs[out.waitsMs.length - 1]!);
      }
      decide(t);
    }
    advance(Math.min(stop, endMs), false);
  }
  return out;
}
