import type { Trace } from '../core/trace';
import { awsWarm, onDemand } from './baselines';
import { costBreakdown } from './cost-breakdown';

// Allocations at 0:02 and 1:05 (hours), one latency of 1 min; tick 1 min.
const trace: Trace = {
  name: 'two hours', startMs: 0, endMs: 7_200_000, telemetry: [], resources: [{ id: 'r', kind: 'group', name: 'r', attrs: {} }],
  events: [{ tMs: 120_000, resourceId: 'r', kind: 'alloc', key: 'a' }, { tMs: 3_900_000, resourceId: 'r', kind: 'alloc', key: 'b' }],
};
const opts = { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 };

describe('cost breakdown by hour of day', () => {
  it('puts each on-demand wait in its hour and flags marked minutes', () => {
    const b = costBreakdown(trace, () => onDemand(), opts, (_, m) => m === 65);
    expect([b.delayByHour[0], b.delayByHour[1], b.markedDelay, b.idleByHour.reduce((x, y) => x + y, 0)]).toEqual([60, 60, 60, 0]);
  });

  it('splits a warm pool’s idle time at the hour boundary', () => {
    // One spare ready from 0:01 on, always refilled: idle 1–2 min, 3–60 min in hour 0 (58), 60–65 and 66–120 in hour 1 (59).
    const b = costBreakdown(trace, () => awsWarm(1, 0), opts);
    expect([b.idleByHour[0], b.idleByHour[1], b.delayByHour[0], b.delayByHour[1]]).toEqual([58, 59, 0, 0]);
  });
});
