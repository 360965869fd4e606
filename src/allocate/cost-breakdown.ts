/** @module Where a policy's cost goes: idle and delay cost per hour of day, and the delay cost inside marked minutes. */
import type { Trace } from '../core/trace';
import { eventsByResource, type BacktestOptions, type PolicyFactory } from './backtest';
import { CostModelSchema } from './cost';
import { simulatePool } from './pool-sim';

const MIN = 60_000, HOUR = 3_600_000, DAY = 86_400_000;

/** Idle and delay cost per hour of day (24 entries each), and the delay cost of allocations in marked minutes. */
export interface CostBreakdown {
  idleByHour: Float64Array;
  delayByHour: Float64Array;
  markedDelay: number;
}

/** Replays every resource under `factory`, attributing cost to the hour of day; `marked(rid, minute)` flags minutes. */
export function costBreakdown(trace: Trace, factory: PolicyFactory, options: BacktestOptions = {}, marked?: (rid: string, minute: number) => boolean): CostBreakdown {
  const cost = CostModelSchema.parse(options.cost ?? {}), tickMs = options.tickMs ?? MIN;
  const out: CostBreakdown = { idleByHour: new Float64Array(24), delayByHour: new Float64Array(24), markedDelay: 0 };
  const hourOf = (t: number) => Math.floor((((t % DAY) + DAY) % DAY) / HOUR);
  for (const [rid, ev] of eventsByResource(trace)) {
    simulatePool(ev, factory(rid, ev, cost), cost, trace.startMs, trace.endMs, tickMs, {
      idle: (a, b, ready) => {
        for (let t = a; t < b; ) { const e = Math.min(b, (Math.floor(t / HOUR) + 1) * HOUR); out.idleByHour[hourOf(t)]! += (cost.cWaste * ready * (e - t)) / MIN; t = e; }
      },
      alloc: (t, w) => {
        const c = (cost.cDelay * w) / MIN;
        out.delayByHour[hourOf(t)]! += c;
        if (marked?.(rid, Math.floor(t / MIN))) out.markedDelay += c;
      },
    });
  }
  return out;
}
