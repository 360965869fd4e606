import type { Forecaster } from '../forecast/types';
import { rollingForecasts } from './forecast-policy';

describe('rolling forecasts for the generic policy', () => {
  it('refits on history strictly before each refit time', () => {
    const seen: number[][] = [];
    const stub: Forecaster = {
      name: 'stub',
      forecast: (series, h) => series.map((y) => {
        seen.push([...y]);
        return { mean: new Float64Array(h).fill(y.length), variance: new Float64Array(h).fill(-1), model: 'stub' };
      }),
    };
    const y = Float64Array.of(5, 6, 7, 8, 9);
    const f = rollingForecasts(y, { forecaster: stub, startMs: 0, endMs: 0, tickMs: 1, aggMs: 10, refitEveryMs: 20 });
    expect(seen).toEqual([[], [5, 6], [5, 6, 7, 8]]);
    expect([...f.mean]).toEqual([0, 0, 2, 2, 4]);
    expect([...f.variance]).toEqual([0, 0, 0, 0, 0]);
  });
});
