import { seededRandom } from '../../core/random';
import { openStore, type Store } from '../../store/store';
import { kalmanForecaster } from '../kalman';
import { ensureWasmBackend } from './backend';
import { lstmForecaster } from './forecaster';
import { trainOrLoadLstm } from './persist';
import { trainLstm, type TrainedLstm } from './train';
import { buildWindows, seriesScale } from './windows';

const OPTS = { window: 24, units: 8, epochs: 6, maxWindows: 800, batchSize: 128, learningRate: 0.02, seed: 7 };

/** 30 noisy sine waves (period 12) of different levels and amplitudes; 120 points each, the last 6 held out. */
function sines(): { train: Float64Array[]; future: Float64Array[] } {
  const noise = seededRandom(3);
  const full = Array.from({ length: 30 }, (_, s) => Float64Array.from({ length: 126 }, (_, t) => 50 + 10 * s + (5 + s) * Math.sin((2 * Math.PI * (t + s)) / 12) + (noise() - 0.5)));
  return { train: full.map((y) => y.subarray(0, 120)), future: full.map((y) => y.subarray(120)) };
}

const mae = (fs: { mean: Float64Array }[], future: Float64Array[]) =>
  fs.reduce((s, f, i) => s + f.mean.reduce((a, m, k) => a + Math.abs(m - future[i]![k]!), 0), 0) / (fs.length * future[0]!.length);

describe('LSTM windows', () => {
  it('scales each window by its own mean and the series standard deviation', () => {
    const y = Float64Array.from({ length: 10 }, (_, i) => i);
    const sd = Math.sqrt(55 / 6);
    expect(seriesScale(y)).toBeCloseTo(sd, 12);
    const ws = buildWindows([y], 3, 2, 100, seededRandom(1));
    expect(ws.n).toBe(6);
    expect(Array.from(ws.x.subarray(0, 3))).toEqual([-1, 0, 1].map((v) => Math.fround(v / sd)));
    expect(Array.from(ws.y.subarray(0, 2))).toEqual([2, 3].map((v) => Math.fround(v / sd)));
  });

  it('skips windows with a gap in their targets, fills input gaps forward, and treats constant series as scale 1', () => {
    const y = Float64Array.from([0, 1, NaN, 3, 4, NaN, 6, 7, 8, 9]);
    const ws = buildWindows([y], 3, 2, 100, seededRandom(1));
    expect(ws.n).toBe(4); // ends 3, 6, 7 and 8; ends 4 and 5 have a NaN target
    expect(seriesScale(new Float64Array(5).fill(4))).toBe(1);
    expect(buildWindows([y], 3, 2, 2, seededRandom(1)).n).toBe(2);
  });
});

describe('LSTM forecaster (tfjs WASM)', () => {
  let trained: TrainedLstm;
  const data = sines();
  beforeAll(async () => {
    await ensureWasmBackend();
    const t = trainLstm(data.train, 6, OPTS);
    if (typeof t === 'string') throw new Error(t);
    trained = t;
  });

  it('learns the seasonal shape: held-out error well under the Kalman local level', () => {
    const lstm = lstmForecaster(trained).forecast(data.train, 6);
    const kalman = kalmanForecaster().forecast(data.train, 6);
    expect(lstm.every((f) => f.model === 'lstm' && f.fallbackReason === undefined)).toBe(true);
    expect(mae(lstm, data.future) / mae(kalman, data.future)).toBeLessThan(0.5);
    expect(lstm.every((f) => f.variance.every((v) => v > 0 && Number.isFinite(v)))).toBe(true);
  });

  it('hands short series, longer horizons and failed training to Kalman with the reason', () => {
    const f = lstmForecaster(trained);
    const [short] = f.forecast([Float64Array.from({ length: 10 }, (_, i) => i)], 3);
    expect({ model: short!.model, why: short!.fallbackReason }).toEqual({ model: 'kalman-level', why: 'series too short (10 < 24)' });
    expect(f.forecast([data.train[0]!], 7)[0]!.fallbackReason).toBe('horizon 7 above the trained 6');
    expect(trainLstm([Float64Array.from({ length: 40 }, (_, i) => i)], 6, OPTS)).toBe('too few training windows (11 < 64; a series needs 30 points)');
    const none = lstmForecaster('too few training windows').forecast([data.train[0]!], 2)[0]!;
    expect({ model: none.model, why: none.fallbackReason, steps: none.mean.length }).toEqual({ model: 'kalman-level', why: 'too few training windows', steps: 2 });
  });

  describe('weights in the store', () => {
    let store: Store;
    beforeAll(async () => { store = await openStore('sqlite::memory:'); });
    afterAll(() => store.close());

    it('trains and saves once, loads the same weights for the same data, retrains when the data change, and reproduces by seed', async () => {
      const few = data.train.slice(0, 8), opts = { ...OPTS, epochs: 2, minWindows: 16 };
      const first = await trainOrLoadLstm(few, 6, opts, store.models);
      const second = await trainOrLoadLstm(few, 6, opts, store.models);
      expect([first.loaded, second.loaded, second.fingerprint === first.fingerprint]).toEqual([false, true, true]);
      const a = lstmForecaster(first.trained).forecast(few, 6), b = lstmForecaster(second.trained).forecast(few, 6);
      expect(b.map((f) => Array.from(f.mean))).toEqual(a.map((f) => Array.from(f.mean)));
      expect(b.map((f) => Array.from(f.variance))).toEqual(a.map((f) => Array.from(f.variance)));
      const third = await trainOrLoadLstm(data.train.slice(0, 9), 6, opts, store.models);
      expect(third.loaded).toBe(false);
      const again = trainLstm(few, 6, opts) as TrainedLstm; // same seed, same data: same weights
      expect(lstmForecaster(again).forecast(few, 6).map((f) => Array.from(f.mean))).toEqual(a.map((f) => Array.from(f.mean)));
    });
  });
});
