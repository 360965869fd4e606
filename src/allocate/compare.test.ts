import { simulate } from '../sim/world';
import { scenario } from '../sim/scenarios';
import { comparePolicies, splitPoint } from './compare';

describe('comparePolicies', () => {
  it('measures every policy on the test half and ranks ipshadow against the best tuned static pool', () => {
    const trace = simulate(scenario('boot-storms', 1, 2));
    const c = comparePolicies(trace, { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 });
    expect(c.splitMs).toBe(splitPoint(trace));
    expect(c.splitMs - trace.startMs).toBe(86_400_000);
    expect(c.rows.map((r) => r.name)).toEqual(['on-demand', 'oracle', 'aws-warm-ip (tuned)', 'cilium-watermark (tuned)', 'azure-batch (tuned)', 'ipshadow kalman-newsvendor', 'ipshadow lead-signal']);
    expect(c.rows.find((r) => r.name === 'oracle')?.metrics.cost).toBe(0);
    expect(c.bestStatic?.vsBestStatic).toBe(1);
    const lead = c.rows.find((r) => r.name === 'ipshadow lead-signal')!;
    // Boot traffic precedes allocations, so the lead policy removes most of the best static pool's cost.
    expect(lead.vsBestStatic).toBeLessThan(0.5);
  });

  it('skips the lead policy on a trace without telemetry', () => {
    const trace = { ...simulate(scenario('steady-diurnal', 2, 2)), telemetry: [] };
    const c = comparePolicies(trace, { cost: { cWaste: 1, cDelay: 60, latencyMs: 60_000 }, tickMs: 60_000 }, ['on-demand', 'lead']);
    expect(c.rows.map((r) => r.name)).toEqual(['on-demand']);
    expect(c.bestStatic).toBeUndefined();
  });
});
