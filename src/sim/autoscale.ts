/**
 * @module An autoscaling group's reaction model: a scale-out alarm over the last `reactionMin` one-minute load
 * datapoints, as real autoscalers react after the load they answer (0: an idealised scaler that sees its own minute).
 */
import type { SimCtx, SimResource } from './world';

const MIN = 60_000;
type Autoscale = Extract<SimResource, { kind: 'autoscale' }>;

/** The minutes whose load the scaler reads at minute m: the current one when instant, else the k full minutes before. */
export function alarmWindow(m: number, reactionMin: number): [number, number] {
  return reactionMin === 0 ? [m, m + 1] : [Math.max(0, m - reactionMin), m];
}

/**
 * Instances wanted at minute m given `live`: scale out only when every datapoint of the window breaches (wants more
 * than `live`), to the window's mean load; scale in (one, outside the cooldown) only when every datapoint wants fewer.
 */
export function scaleDecision(r: Autoscale, load: Float64Array, m: number, live: number): { out: number; scaleIn: boolean } {
  const [a, b] = alarmWindow(m, r.reactionMin), cap = r.perInstance * r.targetUtil;
  if (b <= a) return { out: r.minInstances, scaleIn: false };
  let sum = 0, allAbove = true, allBelow = true;
  for (let i = a; i < b; i++) {
    const want = Math.max(r.minInstances, Math.ceil(load[i]! / cap));
    allAbove &&= want > live;
    allBelow &&= want < live;
    sum += load[i]!;
  }
  // With one datapoint the mean is that load exactly, so reactionMin 0 keeps the instant scaler's arithmetic.
  const out = allAbove ? Math.max(r.minInstances, Math.ceil(sum / (b - a) / cap)) : r.minInstances;
  return { out, scaleIn: allBelow };
}

/** Runs one group over the per-minute load: allocations at launch, releases one at a time after the cooldown, load telemetry. */
export function autoscale(c: SimCtx, r: Autoscale, load: Float64Array): void {
  const live: string[] = [];
  let lastIn = -Infinity;
  load.forEach((l, m) => {
    const d = scaleDecision(r, load, m, live.length);
    for (; live.length < d.out; c.n++) {
      const key = `${r.id}#${c.n}`;
      live.push(key);
      c.events.push({ tMs: m * MIN + c.rng.int(0, MIN - 1), resourceId: r.id, kind: 'alloc', key });
    }
    if (d.scaleIn && m - lastIn >= r.cooldownMin) {
      c.events.push({ tMs: m * MIN + c.rng.int(0, MIN - 1), resourceId: r.id, kind: 'release', key: live.pop()! });
      lastIn = m;
    }
    c.book.add(r.id, m, 'data', Math.round(l * 100), Math.max(1, live.length));
  });
}
