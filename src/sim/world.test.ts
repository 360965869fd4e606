import { Rng } from './rng';
import { seasonalRate, RateShapeSchema } from './rate';
import { scenario, SCENARIOS } from './scenarios';
import { simulate } from './world';

describe('simulator', () => {
  it('draws the same numbers from the same seed', () => {
    const a = new Rng(42), b = new Rng(42);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('peaks at the peak hour and halves on weekends', () => {
    const s = RateShapeSchema.parse({ base: 1, diurnal: 0.5, peakHour: 14, weekend: 0.5 });
    expect(seasonalRate(14 * 3_600_000, s)).toBeCloseTo(1.5, 12);
    expect(seasonalRate(2 * 3_600_000, s)).toBeCloseTo(0.5, 12);
    expect(seasonalRate(5 * 86_400_000 + 14 * 3_600_000, s)).toBeCloseTo(0.75, 12);
  });

  it.each(SCENARIOS)('%s is reproducible and balanced', (name) => {
    const a = simulate(scenario(name, 7, 2)), b = simulate(scenario(name, 7, 2));
    expect(b).toEqual(a);
    const allocs = new Set(a.events.filter((e) => e.kind === 'alloc').map((e) => e.key));
    expect(allocs.size).toBeGreaterThan(20);
    expect(a.events.filter((e) => e.kind === 'release').every((e) => allocs.has(e.key))).toBe(true);
    expect(a.events.every((e, i) => i === 0 || e.tMs >= a.events[i - 1]!.tMs)).toBe(true);
  });

  it('puts boot traffic before every boot-storm allocation', () => {
    const t = simulate({ seed: 3, days: 0.5, resources: [{ id: 'r', kind: 'boot', leadMin: [3, 3], meanLifetimeMin: 60, shape: { base: 0.05, diurnal: 0, noise: 0 } }] });
    const dhcpMinutes = new Set(t.telemetry.filter((b) => b.dhcpPackets > 0).map((b) => b.bucketMs / 60_000));
    const allocs = t.events.filter((e) => e.kind === 'alloc');
    expect(allocs.length).toBeGreaterThan(10);
    expect(allocs.every((e) => dhcpMinutes.has(Math.floor(e.tMs / 60_000) - 3))).toBe(true);
  });
});
