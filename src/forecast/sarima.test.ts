import { sarimaForecaster, fillGaps } from './sarima';
import { invalidReason } from './validate';

const seasonal = (n: number, s: number): Float64Array =>
  Float64Array.from({ length: n }, (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / s) + ((t * 7919) % 13) / 13);

describe('sarima forecaster', () => {
  it('fits a seasonal series without writing to stdout', () => {
    const spy = jest.spyOn(process.stdout, 'write');
    const [f] = sarimaForecaster({ s: 12 }).forecast([seasonal(120, 12)], 12);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(f!.model).toBe('sarima(1,0,1)(1,1,1)12');
    expect(f!.fallbackReason).toBeUndefined();
    // One season ahead should repeat the sine within a unit.
    for (let k = 0; k < 12; k++) expect(Math.abs(f!.mean[k]! - (10.5 + 5 * Math.sin((2 * Math.PI * (120 + k)) / 12)))).toBeLessThan(1);
    expect(Array.from(f!.variance).every((v) => v >= 0)).toBe(true);
  });

  it('keeps the library\'s own warnings off stdout', () => {
    // A spiky seasonal series on which ctsa prints "The Matrix system does not have a unique solution" (found by search).
    const spiky = Float64Array.of(2, 1.776, 3.499, 2.12, 3.597, 3.897, 3, 4.898, 3.6, 2.124, 2.503, 0.781, 1.005, 1.229, 0.505, -1.117, -0.595, -2.896, -2, -1.9, -0.602, -1.127, -1.508, 9.455, -0.01, 0.767, 2.491, 2.114, 2.592, 2.895, 5, 4.901, 2.604, 2.131, 3.512, 0.79, 6.372, 1.238, -1.487, -1.11, -1.59, -2.894, -3, 41.241, -2.607, -0.134, -1.516, 1.205, 1.981, 0.758, 1.483, 2.107, 4.588, 3.892, 5, 4.903, 3.609, 2.137, 2.52, 1.799, 2.024, 1.247, 42.823, -1.104, -1.585, -1.891, -1, -0.905, -0.612, -1.141, 0.476, -0.804, 0.971, 0.748, 2.474, 3.1, 3.583, 4.89, 5, 19.243, 3.614, 2.144, 3.528, 0.808, 2.033, 0.256, -0.47, -2.097, -0.58, -1.888, -3, -0.907, -1.616, -1.147, 14.254, -0.813, 4.88, 1.739, 1.466, 3.093, 4.578, 3.887, 4, 3.908, 3.619, 3.151, 1.536, 0.818, 1.043, 0.266, 0.538, -1.09, -2.575, -0.886, -1, -0.909, -0.621, -2.154, -0.541, -0.822);
    const write = jest.spyOn(process.stdout, 'write');
    const log = jest.spyOn(console, 'log');
    const [f] = sarimaForecaster({ s: 24 }).forecast([spiky], 24);
    expect(write).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    write.mockRestore();
    log.mockRestore();
    expect(f!.model).toBe('sarima(1,0,1)(1,1,1)24');
  });

  it('falls back for short, constant and gappy-constant series, saying why', () => {
    const out = sarimaForecaster({ s: 12 }).forecast([Float64Array.of(1, 2, 3), new Float64Array(60).fill(4), Float64Array.from({ length: 60 }, (_, t) => (t % 5 ? 2 : NaN))], 2);
    expect(out.map((f) => [f.model, f.fallbackReason])).toEqual([
      ['kalman-level', 'series too short (3 < 36)'],
      ['kalman-level', 'constant series'],
      ['kalman-level', 'constant series'],
    ]);
  });

  it('rejects NaN, negative variances and blow-ups', () => {
    expect(invalidReason([1, NaN], [1, 1], 2, 5)).toBe('non-finite mean at step 2');
    expect(invalidReason([1, 1], [1, -0.1], 2, 5)).toBe('bad variance -0.1 at step 2');
    expect(invalidReason([1, 51], [1, 1], 2, 5)).toBe('blow-up at step 2 (> 10x series max)');
    expect(invalidReason([1, 50], [1, 1], 2, 5)).toBeNull();
    expect(fillGaps(Float64Array.of(NaN, 2, NaN, 3))).toEqual([2, 2, 2, 3]);
  });
});
