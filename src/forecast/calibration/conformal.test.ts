import { forecastInterval } from '../types';
import { calibratedInterval, conformalQuantile, coverage, fitConformal, intervalMultiplier } from './conformal';

const f = (model: string) => ({ mean: Float64Array.of(10, 10), variance: Float64Array.of(4, 4), model });

describe('conformal calibration', () => {
  it('takes the ceil((n+1)·level)-th smallest score, capped at the largest', () => {
    const s = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10]; // 1..10
    expect(conformalQuantile(s, 0.8)).toBe(9); // ceil(11·0.8) = 9
    expect(conformalQuantile(s, 0.5)).toBe(6); // ceil(5.5) = 6
    expect(conformalQuantile(s, 0.95)).toBe(10); // rank 11 > n: the largest
    expect(conformalQuantile([], 0.8)).toBeNaN();
  });

  it('uses per-model multipliers, the pooled ones for thin models, and Gaussian z without calibration', () => {
    const wide = Array.from({ length: 99 }, (_, i) => (i + 1) / 25); // 0.04 … 3.96
    const cal = fitConformal(new Map([['wide', wide], ['thin', [100]]]), [0.8, 0.95], 30);
    expect(intervalMultiplier(cal, 'wide', 0.8)).toBeCloseTo(80 / 25, 12);
    expect(intervalMultiplier(cal, 'wide', 0.95)).toBeCloseTo(95 / 25, 12);
    expect(intervalMultiplier(cal, 'thin', 0.8)).toBe(81 / 25); // pooled 100 scores: rank ceil(101·0.8) = 81 → 81/25
    expect(intervalMultiplier(undefined, 'x', 0.95)).toBeCloseTo(1.959964, 5);
    expect(intervalMultiplier(fitConformal(new Map([['a', [1, 2]]])), 'a', 0.8)).toBeCloseTo(1.281552, 5);
  });

  it('widens intervals by the multiplier and floors them at zero; without calibration it matches forecastInterval', () => {
    const cal = fitConformal(new Map([['m', Array.from({ length: 40 }, () => 3)]]));
    expect(calibratedInterval(f('m'), 0.8, cal)).toEqual({ lo: Float64Array.of(4, 4), hi: Float64Array.of(16, 16) });
    const cal2 = fitConformal(new Map([['m', Array.from({ length: 40 }, () => 6)]]));
    expect(calibratedInterval(f('m'), 0.95, cal2).lo).toEqual(Float64Array.of(0, 0));
    expect(calibratedInterval(f('other'), 0.8)).toEqual(forecastInterval(f('other'), 0.8));
  });

  it('restores nominal coverage on errors wider than the model thinks', () => {
    // Model says sd 1; true errors are uniform on [-4, 4]. Calibrate on one half, check coverage on the other.
    const errs = Array.from({ length: 2000 }, (_, i) => -4 + (8 * ((i * 7919) % 2000)) / 1999);
    const cal = fitConformal(new Map([['m', errs.slice(0, 1000).map(Math.abs)]]));
    const test = errs.slice(1000);
    const fc = { mean: new Float64Array(1000).fill(100), variance: new Float64Array(1000).fill(1), model: 'm' };
    const actual = test.map((e) => 100 + e);
    const raw = forecastInterval(fc, 0.8), cal80 = calibratedInterval(fc, 0.8, cal), cal95 = calibratedInterval(fc, 0.95, cal);
    expect(coverage(raw.lo, raw.hi, actual)).toBeLessThan(0.35);
    expect(Math.abs(coverage(cal80.lo, cal80.hi, actual) - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(coverage(cal95.lo, cal95.hi, actual) - 0.95)).toBeLessThan(0.02);
    expect(coverage([0], [1], [NaN])).toBeNaN();
  });
});
