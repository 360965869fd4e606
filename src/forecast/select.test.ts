import { forecastChosen, naiveScale, originsFor, selectModels, type Candidate } from './select';
import type { Forecaster } from './types';

/** Fakes: the last value repeated, and the last step's change extrapolated; both state variance 1. */
function fake(name: string, step: (y: Float64Array, k: number) => number, asked: number[] = []): Forecaster {
  return {
    name,
    forecast: (series, h) => series.map((y) => {
      asked.push(y.length);
      return { mean: Float64Array.from({ length: h }, (_, k) => step(y, k)), variance: new Float64Array(h).fill(1), model: name };
    }),
  };
}
const last = (y: Float64Array) => y[y.length - 1] ?? 0;
const flat = fake('flat', last);
const trend = fake('trend', (y, k) => last(y) + (k + 1) * (last(y) - (y[y.length - 2] ?? last(y))));

const ramp = Float64Array.from({ length: 20 }, (_, i) => i);
const constant = new Float64Array(20).fill(5);
const tiny = Float64Array.of(1, 2, 3);

describe('rolling-origin model selection', () => {
  it('lists origins a stride apart with a full horizon after and enough history before', () => {
    expect(originsFor(20, 2, 3, 2, 4)).toEqual([18, 16, 14]);
    expect(originsFor(20, 2, 3, 2, 17)).toEqual([18]);
    expect(originsFor(5, 2, 3, 2, 4)).toEqual([]);
    expect(naiveScale(Float64Array.of(1, 3, NaN, 4, 2), 5)).toBe(2);
    expect(naiveScale(constant, 20)).toBe(1);
  });

  it('picks the lowest MASE per series, ties to the earlier candidate, and leaves short series unchosen', () => {
    const cands: Candidate[] = [{ forecaster: flat, minLength: 1 }, { forecaster: trend, minLength: 1 }];
    const sel = selectModels([ramp, constant, tiny], 2, cands, { origins: 2, minTrain: 4 });
    expect(Array.from(sel.chosen)).toEqual([1, 0, -1]);
    // flat on the ramp: errors 1 and 2 at both origins (18 and 16), naive scale 1 → MASE 1.5.
    expect(Array.from(sel.mase[0]!)).toEqual([1.5, 0, NaN]);
    expect(Array.from(sel.mase[1]!)).toEqual([0, 0, NaN]);
    expect(sel.notes).toEqual([undefined, undefined, 'series too short to backtest (3 < 6)']);
    expect(Object.fromEntries(sel.scores)).toEqual({ trend: [0, 0, 0, 0], flat: [0, 0, 0, 0] });
  });

  it('backtests only from origins every eligible candidate can use, and skips candidates the series is too short for', () => {
    const asked: number[] = [];
    const picky = fake('picky', (y) => last(y) + 100, asked);
    const sel = selectModels([ramp, Float64Array.from({ length: 12 }, (_, i) => i)], 2, [{ forecaster: flat, minLength: 1 }, { forecaster: picky, minLength: 17 }], { origins: 3, minTrain: 4 });
    expect(asked).toEqual([18]);
    expect(Array.from(sel.mase[1]!)).toEqual([98.5, NaN]); // errors 99 and 98 at origin 18, naive scale 1
    expect(Array.from(sel.chosen)).toEqual([0, 0]);
  });

  it('records standardised errors of the winner, and forecasts each series with its winner', () => {
    const noisy = Float64Array.from({ length: 10 }, (_, i) => (i % 2 ? 4 : 0)); // flat misses by 4 each step
    const sel = selectModels([noisy, ramp, tiny], 1, [{ forecaster: flat, minLength: 1 }], { origins: 2, minTrain: 4 });
    expect(sel.scores.get('flat')).toEqual([4, 4, 1, 1]);
    const out = forecastChosen([noisy, ramp, tiny], 2, [{ forecaster: flat, minLength: 1 }, { forecaster: trend, minLength: 1 }], { ...sel, chosen: Int32Array.of(0, 1, -1) });
    expect(out.map((f) => [f.model, Array.from(f.mean), f.fallbackReason])).toEqual([
      ['flat', [4, 4], undefined], ['trend', [20, 21], undefined], ['flat', [3, 3], 'series too short to backtest (3 < 5)'],
    ]);
  });
});
