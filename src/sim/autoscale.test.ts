import { createHash } from 'node:crypto';
import { alarmWindow, autoscale } from './autoscale';
import { Rng } from './rng';
import { scenario } from './scenarios';
import { BucketBook } from './telemetry';
import { SimResourceSchema, simulate, type SimCtx } from './world';

const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

// Digests of bursty-autoscaling (seed 1, 14 days) from the instant scaler before the reaction model existed (commit 523d5a9).
const BEFORE = {
  events: 'b62f2ed9049bf54b65ea8c475e4a49e747492c70e85125e6a2099f99c9966e0a',
  telemetry: '95aa980063b401cbae60bc26f9a8fddbbf4defdcded064865e7202a707e65cbc',
  nEvents: 5280,
};

/** Minutes of the allocations of a group serving 5 per instance (10 at 50%) over a hand-laid per-minute load. */
function allocMinutes(reactionMin: number, load: number[]): number[] {
  const r = SimResourceSchema.parse({ id: 'g', kind: 'autoscale', perInstance: 10, targetUtil: 0.5, reactionMin, shape: { base: 1 } });
  if (r.kind !== 'autoscale') throw new Error('unreachable');
  const c: SimCtx = { rng: new Rng(5), minutes: load.length, events: [], book: new BucketBook(), n: 0 };
  autoscale(c, r, Float64Array.from(load));
  return c.events.filter((e) => e.kind === 'alloc').map((e) => Math.floor(e.tMs / 60_000)).sort((a, b) => a - b);
}

const step = (at: number, minutes = 40) => Array.from({ length: minutes }, (_, m) => (m < at ? 4 : 24));

describe('autoscaler reaction model', () => {
  it('reads the current minute when instant and the k full minutes before otherwise', () => {
    expect(alarmWindow(10, 0)).toEqual([10, 11]);
    expect(alarmWindow(10, 3)).toEqual([7, 10]);
    expect(alarmWindow(1, 3)).toEqual([0, 1]);
  });

  it.each([0, 1, 3, 5])('scales out a load step at minute 20 first at minute 20 + %i, to the new load', (k) => {
    // Minute 0 launches the one instance 4 needs; the step to 24 needs 5, so 4 more, all in the alarm's minute.
    expect(allocMinutes(k, step(20))).toEqual([0, 20 + k, 20 + k, 20 + k, 20 + k]);
  });

  it('ignores a spike shorter than the alarm', () => {
    const spike = step(40).map((l, m) => (m === 20 || m === 21 ? 24 : l));
    expect(allocMinutes(0, spike)).toEqual([0, 20, 20, 20, 20]);
    expect(allocMinutes(3, spike)).toEqual([0]);
  });

  it('reproduces the instant scaler exactly with reactionMin 0', () => {
    const instant = simulate(scenario('bursty-autoscaling-instant', 1, 14));
    expect({ events: digest(instant.events), telemetry: digest(instant.telemetry), nEvents: instant.events.length }).toEqual(BEFORE);
    const cfg = scenario('bursty-autoscaling', 1, 14);
    const explicit = simulate({ ...cfg, resources: cfg.resources.map((r) => ({ ...r, reactionMin: 0 })) });
    expect(explicit.events).toEqual(instant.events);
  });

  it('changes the trace when the scaler reacts after 3 minutes', () => {
    const delayed = simulate(scenario('bursty-autoscaling', 1, 14));
    expect(digest(delayed.events)).not.toBe(BEFORE.events);
  });
});
