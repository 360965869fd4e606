/**
 * @module The network: one LSTM layer over the scaled input window and a dense head with one output per horizon step,
 * trained synchronously with Adam on mean squared error (seeded initialisers, seeded shuffles).
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random';

/** Weights as stored: each tensor's shape, and all values as little-endian float32 bytes. */
export interface WeightBlob {
  shapes: number[][];
  bytes: Buffer;
}

/** Builds the model for windows of `w` steps and `h` direct outputs; `seed` fixes the initial weights. */
export function buildModel(w: number, h: number, units: number, seed: number): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.lstm({
    units, inputShape: [w, 1],
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
  }));
  m.add(tf.layers.dense({ units: h, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return m;
}

function shuffled(n: number, rand: Random): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

function gather(src: Float32Array, width: number, idx: Int32Array, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * width);
  for (let r = from; r < to; r++) out.set(src.subarray(idx[r]! * width, (idx[r]! + 1) * width), (r - from) * width);
  return out;
}

/** Trains on rows `[0, n)` of `x` (`[n, w]`) and `y` (`[n, h]`); returns each epoch's mean training loss. */
export function trainModel(m: tf.LayersModel, x: Float32Array, y: Float32Array, n: number, o: { epochs: number; batchSize: number; learningRate: number }, rand: Random): number[] {
  const w = m.inputs[0]!.shape[1] as number, h = m.outputs[0]!.shape[1] as number;
  const opt = tf.train.adam(o.learningRate);
  const vars = m.trainableWeights.map((v) => v.read() as tf.Variable);
  const losses: number[] = [];
  try {
    for (let e = 0; e < o.epochs; e++) {
      const idx = shuffled(n, rand);
      let sum = 0;
      for (let b = 0; b < n; b += o.batchSize) {
        const end = Math.min(n, b + o.batchSize);
        const loss = tf.tidy((): tf.Scalar => {
          const xb = tf.tensor3d(gather(x, w, idx, b, end), [end - b, w, 1]);
          const yb = tf.tensor2d(gather(y, h, idx, b, end), [end - b, h]);
          const l = opt.minimize(() => tf.losses.meanSquaredError(yb, m.apply(xb, { training: true }) as tf.Tensor) as tf.Scalar, true, vars);
          if (!l) throw new Error('optimizer returned no loss');
          return l;
        });
        sum += loss.dataSync()[0]! * (end - b);
        loss.dispose();
      }
      losses.push(sum / n);
    }
  } finally {
    opt.dispose();
  }
  return losses;
}

/** Predicts `[n, h]` outputs for `n` scaled windows of `w` steps, in chunks to bound memory. */
export function predictModel(m: tf.LayersModel, x: Float32Array, n: number, w: number, chunk = 4096): Float32Array {
  const h = (m.outputs[0]!.shape[1] as number);
  const out = new Float32Array(n * h);
  for (let b = 0; b < n; b += chunk) {
    const end = Math.min(n, b + chunk);
    const part = tf.tidy(() => (m.predict(tf.tensor3d(x.subarray(b * w, end * w), [end - b, w, 1])) as tf.Tensor).dataSync());
    out.set(part as Float32Array, b * h);
  }
  return out;
}

/** Copies the model's weights out as one byte buffer plus shapes. */
export function exportWeights(m: tf.LayersModel): WeightBlob {
  const ws = m.getWeights();
  const parts = ws.map((t) => t.dataSync() as Float32Array);
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return { shapes: ws.map((t) => t.shape.slice()), bytes: Buffer.from(all.buffer, all.byteOffset, all.byteLength) };
}

/** Loads weights exported by `exportWeights` into a model of the same architecture; throws on a shape mismatch. */
export function importWeights(m: tf.LayersModel, blob: WeightBlob): void {
  const want = m.getWeights().map((t) => t.shape.join('x')).join(',');
  if (blob.shapes.map((s) => s.join('x')).join(',') !== want) throw new Error(`stored weights have shapes ${JSON.stringify(blob.shapes)}, model wants ${want}`);
  const all = new Float32Array(blob.bytes.buffer.slice(blob.bytes.byteOffset, blob.bytes.byteOffset + blob.bytes.byteLength));
  let at = 0;
  const tensors = blob.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(all.subarray(at, at + size), shape);
    at += size;
    return t;
  });
  if (at !== all.length) throw new Error(`stored weights hold ${all.length} values, shapes need ${at}`);
  m.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}
