import { backtest } from '../allocate/backtest';
import { awsWarm } from '../allocate/baselines';
import { criticalRatio } from '../allocate/cost';
import { newsvendorKalman } from '../allocate/newsvendor-policy';
import { sortEvents, type Trace, type TraceEvent } from '../core/trace';
import { Rng } from '../sim/rng';
import { engineBacktest, type EntryProvider } from './backtest';
import { kalmanEntries } from './backtest-entries';

const MIN = 60_000;
const opts = { cost: { cWaste: 1, cDelay: 60, latencyMs: MIN }, tickMs: MIN };

// The harness's own hand-made trace (allocations at 2 and 5 min, one release at 6:40).
const tiny: Trace = {
  name: 'tiny', startMs: 0, endMs: 10 * MIN, telemetry: [], resources: [{ id: 'r', kind: 'group', name: 'r', attrs: {} }],
  events: [
    { tMs: 2 * MIN, resourceId: 'r', kind: 'alloc', key: 'a' },
    { tMs: 5 * MIN, resourceId: 'r', kind: 'alloc', key: 'b' },
    { tMs: 400_000, resourceId: 'r', kind: 'release', key: 'a' },
  ],
};

// Two resources over an hour, seeded: bursts of 1–3 allocations at random seconds, some released later.
function seeded(seed: number): Trace {
  const rng = new Rng(seed);
  const events: TraceEvent[] = [];
  for (const rid of ['a', 'b']) {
    for (let i = 0; i < 14; i++) {
      const t = rng.int(0, 59 * MIN), n = rng.int(1, 3);
      for (let k = 0; k < n; k++) {
        const key = `${rid}-${i}-${k}`;
        events.push({ tMs: t, resourceId: rid, kind: 'alloc', key });
        if (rng.next() < 0.5) events.push({ tMs: t + rng.int(1, 20) * 1000, resourceId: rid, kind: 'release', key });
      }
    }
  }
  return { name: 'seeded', startMs: 0, endMs: 60 * MIN, telemetry: [], resources: ['a', 'b'].map((id) => ({ id, kind: 'group' as const, name: id, attrs: {} })), events: sortEvents(events) };
}

// One allocation at the middle of every minute for 30 minutes (the harness's newsvendor test trace).
const steady = (): Trace => ({
  name: 'steady', startMs: 0, endMs: 30 * MIN, telemetry: [], resources: [{ id: 'r', kind: 'group', name: 'r', attrs: {} }],
  events: Array.from({ length: 30 }, (_, k) => ({ tMs: k * MIN + 30_000, resourceId: 'r', kind: 'alloc' as const, key: `k${k}` })),
});

/** A forecaster that always asks for `warm` addresses: the engine then behaves as WARM_IP_TARGET=warm. */
const constant = (warm: number): EntryProvider => (resourceId, tMs, _past, policy) => ({
  resourceId, asOfMs: tMs, horizonMs: policy.horizonMs, pAny: warm > 0 ? 1 : 0, quantiles: [{ p: 0.5, count: warm }],
  eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'constant', validUntilMs: tMs + MIN,
});

describe('engine backtest adapter: the engine on the embedded IPAM reproduces the harness', () => {
  it.each([0, 1, 2, 3])('tiny trace, WARM_IP_TARGET=%i', async (warm) => {
    const got = await engineBacktest(tiny, constant(warm), { ...opts, policy: { serviceLevel: 0.5 } });
    expect(got).toEqual(backtest(tiny, () => awsWarm(warm, 0), opts));
  });
  it('tiny trace, WARM_IP_TARGET=1 gives the harness\'s worked numbers (idle 1 + 2 + 4 min)', async () => {
    expect(await engineBacktest(tiny, constant(1), { ...opts, policy: { serviceLevel: 0.5 } }))
      .toEqual({ allocs: 2, hitRate: 1, meanWaitMin: 0, p99WaitMin: 0, idleAddressMin: 7, expired: 0, cost: 7 });
  });
  it.each([1, 2])('seeded two-resource trace with bursts, WARM_IP_TARGET=%i', async (warm) => {
    const trace = seeded(11);
    const got = await engineBacktest(trace, constant(warm), { ...opts, policy: { serviceLevel: 0.5 } });
    const want = backtest(trace, () => awsWarm(warm, 0), opts);
    expect(want.hitRate).toBeLessThan(1);
    expect(got).toEqual(want);
  });
  const kalmanCases: Array<[string, Trace]> = [['steady 1/min', steady()], ...[11, 1, 2, 3, 4].map((k): [string, Trace] => [`seeded bursts #${k}`, seeded(k)])];
  it.each(kalmanCases)('%s trace: the engine with Kalman entries reproduces the harness\'s newsvendor Kalman policy', async (_name, trace) => {
    const clockOpts = { startMs: trace.startMs, endMs: trace.endMs, tickMs: MIN, warmupTicks: 5 };
    const level = criticalRatio({ cWaste: 1, cDelay: 60, latencyMs: MIN }, 2 * MIN);
    const got = await engineBacktest(trace, kalmanEntries(trace.events, { ...clockOpts, latencyMs: MIN }), { ...opts, policy: { serviceLevel: level } });
    const want = backtest(trace, newsvendorKalman(clockOpts), opts);
    expect(want.allocs).toBeGreaterThan(25);
    expect(got).toEqual(want);
  });
});
