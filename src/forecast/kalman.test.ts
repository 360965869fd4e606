import { projectKalman, runKalman } from './kalman-filter';
import { kalmanForecaster } from './kalman';
import { forecastInterval, forecastQuantile } from './types';
import { normCdf, normQuantile } from './normal';

const f64 = (...x: number[]): Float64Array => Float64Array.from(x);

describe('kalman filter', () => {
  it('matches a hand-computed 3-step local-level run (q = r = 1, prior level 0, P 1)', () => {
    // t1: P'=2 K=2/3 l=2/3 P=2/3; t2: P'=5/3 K=5/8 l=3/2 P=5/8; t3: P'=13/8 K=13/21 l=17/7 P=13/21.
    const prm = { qLevel: f64(1), qSlope: f64(0), r: f64(1) };
    const s = runKalman([f64(1, 2, 3)], prm, { level: f64(0), slope: f64(0), p00: f64(1), p11: f64(0) });
    expect(s.level[0]).toBeCloseTo(17 / 7, 12);
    expect(s.p00[0]).toBeCloseTo(13 / 21, 12);
    const f = projectKalman(s, prm, 0, 2);
    expect(f.mean[0]).toBeCloseTo(17 / 7, 12);
    expect(f.mean[1]).toBeCloseTo(17 / 7, 12);
    expect(f.variance[0]).toBeCloseTo(13 / 21 + 2, 12);
    expect(f.variance[1]).toBeCloseTo(13 / 21 + 3, 12);
  });

  it('treats NaN as a gap and runs many series of different lengths at once', () => {
    const prm = { qLevel: f64(1, 1), qSlope: f64(0, 0), r: f64(1, 1) };
    const prior = { level: f64(0, 0), slope: f64(0, 0), p00: f64(1, 1), p11: f64(0, 0) };
    const s = runKalman([f64(1, NaN), f64(1)], prm, prior);
    // Both update once to level 2/3, P 2/3; the gap then adds q to series 0 only.
    expect([...s.level]).toEqual([2 / 3, 2 / 3]);
    expect(s.p00[0]).toBeCloseTo(5 / 3, 12);
    expect(s.p00[1]).toBeCloseTo(2 / 3, 12);
  });

  it('tracks a linear trend and gives intervals that widen', () => {
    const y = Float64Array.from({ length: 50 }, (_, t) => 2 * t + 5);
    const [f] = kalmanForecaster({ trend: true }).forecast([y], 3);
    expect(f!.mean[0]).toBeCloseTo(105, 1);
    expect(f!.mean[2]).toBeCloseTo(109, 1);
    const { lo, hi } = forecastInterval(f!, 0.95);
    expect(hi[2]! - lo[2]!).toBeGreaterThan(hi[0]! - lo[0]!);
    expect(forecastQuantile({ mean: f64(-3), variance: f64(1), model: 'x' }, 0, 0.5)).toBe(0);
  });

  it('has a normal quantile that inverts the CDF', () => {
    expect(normQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normCdf(1.959964)).toBeCloseTo(0.975, 6);
  });
});
