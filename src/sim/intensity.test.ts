import { normCdf } from '../forecast/normal';
import { alarmIntensity, intensityCountCdf, integrateIntensity, wantCdf } from './intensity';
import { SimResourceSchema } from './world';

describe('rate-oracle knowledge of a simulated resource', () => {
  it('integrates a per-minute intensity over fractional windows', () => {
    expect(integrateIntensity(Float64Array.of(1, 2, 4), 0.5, 2.25)).toBeCloseTo(0.5 + 2 + 1, 12);
    expect(integrateIntensity(Float64Array.of(1, 2), 1.5, 9)).toBeCloseTo(1, 12);
  });

  it('gives a Poisson count for independent arrivals', () => {
    const r = SimResourceSchema.parse({ id: 'p', kind: 'poisson', meanLifetimeMin: 10, shape: { base: 1 } });
    const cdf = intensityCountCdf(r, Float64Array.of(0.5, 1.5))(0, 2, 0, 0);
    expect(cdf(0)).toBeCloseTo(Math.exp(-2), 12);
    expect(cdf(1)).toBeCloseTo(3 * Math.exp(-2), 12);
  });

  it('gives the autoscaler’s scale-out count from the load quantiles', () => {
    // cap = 100 · 0.5 = 50; μ = 100, σ = 0.2: P(want ≤ 3) = Φ((ln 1.5 + 0.02) / 0.2).
    expect(wantCdf(3, 100, 50, 0.2, 1)).toBeCloseTo(normCdf((Math.log(1.5) + 0.02) / 0.2), 12);
    expect(wantCdf(0, 100, 50, 0.2, 1)).toBe(0);
    const r = SimResourceSchema.parse({ id: 'a', kind: 'autoscale', perInstance: 100, targetUtil: 0.5, shape: { base: 1, noise: 0.2 } });
    const cdf = intensityCountCdf(r, Float64Array.of(100, 100));
    // Two minutes, 2 in use: N ≤ 1 iff both minutes want ≤ 3.
    expect(cdf(0, 2, 2, 0)(1)).toBeCloseTo(wantCdf(3, 100, 50, 0.2, 1) ** 2, 12);
    // One seen this minute: want ≥ 2 is known, so the first minute's factor is conditioned on it.
    const below = wantCdf(1, 100, 50, 0.2, 1), f = wantCdf(3, 100, 50, 0.2, 1);
    expect(cdf(0.5, 2, 2, 1)(1)).toBeCloseTo(((f - below) / (1 - below)) * f, 12);
  });
});

describe('rate-oracle knowledge of a delayed scaler', () => {
  it('answers the mean intensity of the alarm window', () => {
    const mu = Float64Array.of(3, 6, 9, 12);
    expect([...alarmIntensity(mu, 0)]).toEqual([3, 6, 9, 12]);
    expect([...alarmIntensity(mu, 2)]).toEqual([0, 3, 4.5, 7.5]);
  });
});
