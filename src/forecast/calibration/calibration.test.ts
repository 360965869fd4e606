import { seededRandom } from '../../core/random';
import { applyIsotonic, fitIsotonic } from './isotonic';
import { auc, brierScore, maxCalibrationGap, reliabilityTable, wilsonInterval } from './reliability';

const arr = (a: Float64Array) => Array.from(a);

describe('isotonic regression (pool-adjacent-violators)', () => {
  it('pools each violating pair into its mean', () => {
    // y = 1, 3, 2, 4, 3, 5 → 1 | (3+2)/2 | (4+3)/2 | 5.
    const m = fitIsotonic([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3, 5]);
    expect({ thresholds: arr(m.thresholds), values: arr(m.values) }).toEqual({ thresholds: [1, 2, 4, 6], values: [1, 2.5, 3.5, 5] });
  });

  it('calibrates 0/1 outcomes into a non-decreasing step map, pooling back across earlier blocks', () => {
    // 0 | 1,0 → ½, then 0 → ⅓ over 0.2–0.4 | 1,0 → ½ | 1,1 pooled (equal) → 1.
    const m = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0, 1, 0, 0, 1, 0, 1, 1]);
    expect(arr(m.thresholds)).toEqual([0.1, 0.2, 0.5, 0.7]);
    expect(arr(m.values)).toEqual([0, 1 / 3, 0.5, 1]);
    expect([0.05, 0.1, 0.25, 0.55, 0.69, 0.9].map((s) => applyIsotonic(m, s))).toEqual([0, 0, 1 / 3, 0.5, 0.5, 1]);
  });

  it('pools tied scores first and honours weights', () => {
    const m = fitIsotonic([2, 1, 1], [1, 0, 1]);
    expect({ t: arr(m.thresholds), v: arr(m.values) }).toEqual({ t: [1, 2], v: [0.5, 1] });
    const w = fitIsotonic([1, 2], [1, 0], [3, 1]);
    expect({ t: arr(w.thresholds), v: arr(w.values) }).toEqual({ t: [1], v: [0.75] });
  });
});

describe('reliability table and scores', () => {
  it('bins stated probabilities by decile with mean predicted and observed frequency', () => {
    const t = reliabilityTable([0.05, 0.05, 0.15, 0.95, 1], [0, 1, 0, 1, 1]);
    expect(t.filter((b) => b.n > 0)).toEqual([
      { lo: 0, hi: 0.1, n: 2, predicted: 0.05, observed: 0.5 },
      { lo: 0.1, hi: 0.2, n: 1, predicted: 0.15, observed: 0 },
      { lo: 0.9, hi: 1, n: 2, predicted: 0.975, observed: 1 },
    ]);
    expect(t).toHaveLength(10);
    expect(maxCalibrationGap(t)).toBe(0.45);
    expect(maxCalibrationGap(t, 2)).toBe(0.45);
  });

  it('computes the Brier score and the AUC (ties count one half)', () => {
    expect(brierScore([0.5, 1, 0], [1, 1, 0])).toBeCloseTo(0.25 / 3, 15);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.5, 0.6], [1, 1])).toBeNaN();
  });
});

describe('calibrator on data with a known answer', () => {
  it('isotonic recalibration of a distorted score recovers the true probability per decile within 2 points', () => {
    // True P(y = 1 | s) = s², scores uniform; 200k seeded draws (mulberry32). Fit on even rows, check on odd rows.
    const u = seededRandom(12345);
    const s: number[] = [], y: number[] = [];
    for (let i = 0; i < 200_000; i++) { const x = u(); s.push(x); y.push(u() < x * x ? 1 : 0); }
    const fit = fitIsotonic(s.filter((_, i) => i % 2 === 0), y.filter((_, i) => i % 2 === 0), undefined, 1000);
    const p = s.filter((_, i) => i % 2 === 1).map((x) => applyIsotonic(fit, x)), yy = y.filter((_, i) => i % 2 === 1);
    const table = reliabilityTable(p, yy);
    expect(table.every((b) => b.n > 2000)).toBe(true);
    expect(maxCalibrationGap(table)).toBeLessThan(0.02);
    // Against the truth: the calibrated map at 0.5 is 0.25 ± 0.02.
    expect(Math.abs(applyIsotonic(fit, 0.5) - 0.25)).toBeLessThan(0.02);
  });

  it('merges blocks lighter than the minimum weight into the nearer neighbour', () => {
    // PAV blocks: 0 (w 1) | ⅓ (w 3) | ½ (w 2) | 1 (w 2). Minimum 2: block 0 merges into ⅓ → ¼ (w 4).
    const m = fitIsotonic([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [0, 1, 0, 0, 1, 0, 1, 1], undefined, 2);
    expect({ t: arr(m.thresholds), v: arr(m.values) }).toEqual({ t: [0.1, 0.5, 0.7], v: [0.25, 0.5, 1] });
    // 100 sure events above 1000 non-events stay apart (difference far beyond two standard errors), whatever the minimum.
    const x = Array.from({ length: 1100 }, (_, i) => i), y = x.map((i) => (i >= 1000 ? 1 : 0));
    const sure = fitIsotonic(x, y, undefined, 500);
    expect({ t: arr(sure.thresholds), v: arr(sure.values) }).toEqual({ t: [0, 1000], v: [0, 1] });
  });

  it('states the 95% Wilson interval of an observed rate', () => {
    const w = wilsonInterval(50, 100);
    expect(w.lo).toBeCloseTo(0.4038, 4);
    expect(w.hi).toBeCloseTo(0.5962, 4);
    expect(wilsonInterval(0, 10).lo).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual({ lo: 0, hi: 1 });
  });
});
