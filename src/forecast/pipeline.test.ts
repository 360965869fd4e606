import { seededRandom } from '../core/random';
import { calibratedInterval } from './calibration/conformal';
import { runForecast } from './pipeline';

const noise = seededRandom(11);
const sine = (n: number, amp: number) => Float64Array.from({ length: n }, (_, t) => 20 + amp * Math.sin((2 * Math.PI * t) / 24) + noise());
const gappy = () => Float64Array.from(sine(60, 3), (v, t) => (t % 7 === 3 || (t > 20 && t < 30) ? NaN : v));

describe('runForecast', () => {
  it('forecasts thousands of short, constant, gappy and seasonal series with Kalman, calibrated, nested and finite', async () => {
    const series = Array.from({ length: 2000 }, (_, i) => [Float64Array.of(1, 2), new Float64Array(40).fill(5), gappy(), sine(72, 4)][i % 4]!);
    const run = await runForecast(series, 6, { model: 'kalman' });
    expect(run.forecasts).toHaveLength(2000);
    expect(run.lstm).toBeUndefined();
    expect(run.calibration?.byModel.has('kalman-level')).toBe(true);
    for (const f of run.forecasts) {
      const i80 = calibratedInterval(f, 0.8, run.calibration), i95 = calibratedInterval(f, 0.95, run.calibration);
      for (let k = 0; k < 6; k++) {
        expect(Number.isFinite(f.mean[k]!)).toBe(true);
        expect(i95.lo[k]! <= i80.lo[k]! && i80.lo[k]! <= i80.hi[k]! && i80.hi[k]! <= i95.hi[k]!).toBe(true);
      }
    }
    expect(run.forecasts[1]!.mean[0]).toBeCloseTo(5, 6);
    expect(run.forecasts.every((f) => f.model === 'kalman-level' && f.fallbackReason === undefined)).toBe(true);
  });

  it('under auto picks SARIMA for a long seasonal series, Kalman for flat and too-short ones, and names the reason', async () => {
    const series = [sine(120, 6), new Float64Array(40).fill(5), Float64Array.of(3, 3, 3)];
    const run = await runForecast(series, 24, { model: 'auto', season: 24, origins: 1 });
    expect(run.forecasts.map((f) => [f.model, f.fallbackReason])).toEqual([
      ['sarima(1,0,1)(1,1,1)24', undefined],
      ['kalman-level', undefined],
      ['kalman-level', 'series too short to backtest (3 < 32)'],
    ]);
    expect(typeof run.lstm?.trained).toBe('string'); // 3 series cannot fill 64 training windows
    expect(Array.from(run.selection.chosen)).toEqual([1, 0, -1]);
  });

  it('answers --model lstm with Kalman and the reason when the LSTM cannot train, and skips calibration when asked', async () => {
    const run = await runForecast([sine(50, 2)], 4, { model: 'lstm', calibrate: false });
    expect(run.forecasts[0]!.model).toBe('kalman-level');
    expect(run.forecasts[0]!.fallbackReason).toMatch(/^too few training windows \(\d+ < 64/);
    expect(run.calibration).toBeUndefined();
  });
});
