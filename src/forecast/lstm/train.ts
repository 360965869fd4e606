/** @module Trains the one global LSTM on windows from all series and estimates per-step error variance on held-out windows. */
import type * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../core/random';
import { wasmBackendReady } from './backend';
import { buildModel, predictModel, trainModel } from './model';
import { LstmOptionsSchema, type LstmConfig, type LstmOptions } from './options';
import { buildWindows, type WindowSet } from './windows';

/** A trained model with what forecasting needs: its config, horizon and per-step residual variance (scaled units). */
export interface TrainedLstm {
  model: tf.LayersModel;
  config: LstmConfig;
  horizon: number;
  residualVar: Float64Array;
  windows: number;
  losses: number[];
  trainMs: number;
}

function permuteRows(ws: WindowSet, w: number, h: number, rand: () => number): WindowSet {
  const idx = Int32Array.from({ length: ws.n }, (_, i) => i);
  for (let i = ws.n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const x = new Float32Array(ws.x.length), y = new Float32Array(ws.y.length);
  idx.forEach((src, r) => { x.set(ws.x.subarray(src * w, (src + 1) * w), r * w); y.set(ws.y.subarray(src * h, (src + 1) * h), r * h); });
  return { x, y, n: ws.n };
}

/** Mean squared error per output step of predictions against targets, both `[n, h]`, floored at 1e-6. */
export function stepVariance(pred: Float32Array, y: Float32Array, n: number, h: number): Float64Array {
  const v = new Float64Array(h);
  for (let r = 0; r < n; r++) for (let k = 0; k < h; k++) v[k]! += (pred[r * h + k]! - y[r * h + k]!) ** 2;
  return v.map((s) => Math.max(1e-6, s / Math.max(1, n)));
}

/** Trains for `horizon` direct outputs; returns the reason instead when it cannot (too little data, no backend, a fault). */
export function trainLstm(series: readonly Float64Array[], horizon: number, options: LstmOptions = {}): TrainedLstm | string {
  const c = LstmOptionsSchema.parse(options);
  if (horizon > c.maxHorizon) return `horizon ${horizon} above the LSTM's ${c.maxHorizon}`;
  if (!wasmBackendReady()) return 'tfjs wasm backend not started (await ensureWasmBackend() first)';
  const started = Date.now();
  const rand = seededRandom(c.seed);
  const ws = permuteRows(buildWindows(series, c.window, horizon, c.maxWindows, rand), c.window, horizon, rand);
  if (ws.n < c.minWindows) return `too few training windows (${ws.n} < ${c.minWindows}; a series needs ${c.window + horizon} points)`;
  const nVal = Math.max(1, Math.round(ws.n * c.validationShare)), nTrain = ws.n - nVal;
  const model = buildModel(c.window, horizon, c.units, c.seed);
  try {
    const losses = trainModel(model, ws.x, ws.y, nTrain, c, rand);
    if (!losses.every(Number.isFinite)) throw new Error(`training loss not finite (${losses.join(', ')})`);
    const pred = predictModel(model, ws.x.subarray(nTrain * c.window), nVal, c.window);
    const residualVar = stepVariance(pred, ws.y.subarray(nTrain * horizon), nVal, horizon);
    return { model, config: c, horizon, residualVar, windows: ws.n, losses, trainMs: Date.now() - started };
  } catch (err) {
    model.dispose();
    return `training failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
