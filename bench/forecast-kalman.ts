/**
 * Kalman forecaster throughput: N series × T steps through the vectorised filter (5 grid ratios, so 5 passes), plus a
 * 24-step forecast. Usage: forecast-kalman [series] [steps]
 */
import { kalmanForecaster } from '../src/forecast/kalman';
import { Rng } from '../src/sim/rng';

const n = Number(process.argv[2] ?? 1000), len = Number(process.argv[3] ?? 1000);
const rng = new Rng(1);
const series = Array.from({ length: n }, () => Float64Array.from({ length: len }, (_, t) => rng.poisson(3 + 2 * Math.sin(t / 60))));
const t0 = process.hrtime.bigint();
const out = kalmanForecaster({ trend: true }).forecast(series, 24);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const steps = n * len * 5;
console.log(`kalman-trend: ${n} series × ${len} steps × 5 ratios = ${steps} filter steps in ${ms.toFixed(0)} ms (${(steps / ms / 1000).toFixed(1)} M steps/s); sample mean[0] ${out[0]!.mean[0]!.toFixed(3)}`);
