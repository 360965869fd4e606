import type { Trace } from '../core/trace';
import { backtest } from './backtest';
import { newsvendorKalman } from './newsvendor-policy';

// One allocation at the middle of every minute for 30 minutes; latency 1 min, tick 1 min.
const trace: Trace = {
  name: 'steady', startMs: 0, endMs: 1_800_000, telemetry: [],
  resources: [{ id: 'r', kind: 'group', name: 'r', attrs: {} }],
  events: Array.from({ length: 30 }, (_, k) => ({ tMs: k * 60_000 + 30_000, resourceId: 'r', kind: 'alloc' as const, key: `k${k}` })),
};

describe('newsvendor Kalman policy', () => {
  it('holds the demand of one tick plus one latency (2 addresses) on a steady 1/min trace', () => {
    const m = backtest(trace, newsvendorKalman({ startMs: 0, endMs: 1_800_000, tickMs: 60_000, warmupTicks: 5 }), { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 } });
    // Minute 0: the filter starts at level 1 (its warm-up's first value), so 2 addresses are requested at t=0 and the
    // first allocation (0:30) waits 30 s. From then on, each minute one ready address is used and one is requested:
    // the target is ⌈2 + z·σ − ½⌉ = 2 with σ ≈ 0.
    expect(m.allocs).toBe(30);
    expect(m.hitRate).toBeCloseTo(29 / 30, 12);
    expect(m.expired).toBe(0);
    // One address idle from 1:00 to 1:30, then exactly one idle between allocations from 1:30 to the end (28.5 min).
    expect(m.idleAddressMin).toBeCloseTo(29, 9);
  });
});
