/**
 * @module Trains the LSTM or loads it from the store: the stored row is reused only when its fingerprint (options,
 * horizon and every series value) matches, so a rerun on the same data skips training and forecasts identically.
 */
import { createHash } from 'node:crypto';
import type { StoredModel } from '../../store/model-repo';
import { buildModel, exportWeights, importWeights } from './model';
import { LstmOptionsSchema, type LstmOptions } from './options';
import { trainLstm, type TrainedLstm } from './train';

/** The part of the model repository this needs (the store's `models`, or a fake). */
export interface ModelSink {
  save(m: Omit<StoredModel, 'createdAt'>): Promise<void>;
  load(name: string): Promise<StoredModel | undefined>;
}

/** Hex SHA-256 of the options after defaults, the horizon and every series (length and raw float64 bytes). */
export function lstmFingerprint(series: readonly Float64Array[], horizon: number, options: LstmOptions = {}): string {
  const h = createHash('sha256').update(JSON.stringify({ c: LstmOptionsSchema.parse(options), horizon, n: series.length }));
  for (const y of series) h.update(`|${y.length}|`).update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return h.digest('hex');
}

function fromStored(s: StoredModel, horizon: number, options: LstmOptions): TrainedLstm {
  const config = LstmOptionsSchema.parse(options);
  const meta = s.meta as { shapes: number[][]; residualVar: number[]; windows: number; losses: number[] };
  const model = buildModel(config.window, horizon, config.units, config.seed);
  importWeights(model, { shapes: meta.shapes, bytes: s.weights });
  return { model, config, horizon, residualVar: Float64Array.from(meta.residualVar), windows: meta.windows, losses: meta.losses, trainMs: 0 };
}

/** What happened: the model (or why there is none) and whether it came from the store. */
export interface TrainOrLoad {
  trained: TrainedLstm | string;
  loaded: boolean;
  fingerprint: string;
}

/** Loads the model saved under `name` if its fingerprint matches, else trains and saves it (when `sink` is given). */
export async function trainOrLoadLstm(series: readonly Float64Array[], horizon: number, options: LstmOptions = {}, sink?: ModelSink, name = 'lstm'): Promise<TrainOrLoad> {
  const fingerprint = lstmFingerprint(series, horizon, options);
  const stored = sink ? await sink.load(name) : undefined;
  if (stored && stored.kind === 'lstm' && stored.meta.fingerprint === fingerprint) {
    try {
      return { trained: fromStored(stored, horizon, options), loaded: true, fingerprint };
    } catch { /* a row that no longer fits the architecture: retrain over it */ }
  }
  const trained = trainLstm(series, horizon, options);
  if (sink && typeof trained !== 'string') {
    const { shapes, bytes } = exportWeights(trained.model);
    const meta = { fingerprint, horizon, shapes, residualVar: Array.from(trained.residualVar), windows: trained.windows, losses: trained.losses, trainMs: trained.trainMs };
    await sink.save({ name, kind: 'lstm', meta, weights: bytes });
  }
  return { trained, loaded: false, fingerprint };
}
