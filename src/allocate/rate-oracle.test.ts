import type { TraceEvent } from '../core/trace';
import { backtest } from './backtest';
import { rateOracle } from './rate-oracle';

describe('rate oracle', () => {
  it('holds the newsvendor quantile of the known intensity and re-sizes after each event', () => {
    // One arrival known to fall in minute 5 while nothing is in use: the oracle holds 1 from the tick of minute 4 (its
    // window is now → next tick + latency), not earlier, and needs nothing once the arrival has taken it.
    const cdf = (from: number, to: number, used: number) => (k: number) => (from < 6 && to > 5 && used === 0 ? (k >= 1 ? 1 : 0) : 1);
    const events: TraceEvent[] = [{ tMs: 5 * 60_000 + 30_000, resourceId: 'r', kind: 'alloc', key: 'a' }];
    const trace = { name: 't', startMs: 0, endMs: 10 * 60_000, telemetry: [], resources: [{ id: 'r', kind: 'group' as const, name: 'r', attrs: {} }], events };
    const m = backtest(trace, rateOracle({ startMs: 0, tickMs: 60_000, cdfs: new Map([['r', cdf]]) }), { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 });
    // Requested at 4:00, ready 5:00, taken 5:30 → 0.5 idle address-minutes, no wait.
    expect(m).toEqual({ allocs: 1, hitRate: 1, meanWaitMin: 0, p99WaitMin: 0, idleAddressMin: 0.5, expired: 0, cost: 0.5 });
  });
});
