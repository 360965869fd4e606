/**
 * @module Ridge-penalised GLMs fitted by IRLS (Newton steps with step halving) on Float64Arrays: logistic regression
 * for event probabilities and Poisson regression (log link) for counts. Features are standardised internally.
 */

/** A design matrix: `n` rows of `d` features, row-major. */
export interface Design {
  x: Float64Array;
  n: number;
  d: number;
}

/** The link family: `logit` for 0/1 outcomes, `log` (Poisson) for counts. */
export type GlmFamily = 'logit' | 'log';

/** Fit options: ridge penalty on the non-intercept weights (standardised scale), iteration cap and tolerance. */
export interface GlmOptions {
  ridge?: number;
  maxIter?: number;
  tol?: number;
}

/** A fitted GLM: intercept and weights on the standardised features, with the standardisation. */
export interface Glm {
  family: GlmFamily;
  beta: Float64Array;
  mean: Float64Array;
  scale: Float64Array;
  iterations: number;
}

const ETA_MAX = 30;

function standardise(a: Design): { mean: Float64Array; scale: Float64Array; z: Float64Array } {
  const { x, n, d } = a;
  const mean = new Float64Array(d), scale = new Float64Array(d).fill(1);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]! / n;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v[j]! += (x[i * d + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) if (v[j]! > 1e-12) scale[j] = Math.sqrt(v[j]!);
  const p = d + 1, z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    z[i * p] = 1;
    for (let j = 0; j < d; j++) z[i * p + j + 1] = (x[i * d + j]! - mean[j]!) / scale[j]!;
  }
  return { mean, scale, z };
}

function inverseLink(f: GlmFamily, eta: number): number {
  const e = Math.max(-ETA_MAX, Math.min(ETA_MAX, eta));
  return f === 'logit' ? 1 / (1 + Math.exp(-e)) : Math.exp(e);
}

function penalisedLogLik(f: GlmFamily, z: Float64Array, y: Float64Array, w: Float64Array, beta: Float64Array, ridge: number): number {
  const p = beta.length, n = y.length;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += z[i * p + j]! * beta[j]!;
    const mu = inverseLink(f, eta);
    ll += w[i]! * (f === 'logit' ? y[i]! * Math.log(Math.max(mu, 1e-300)) + (1 - y[i]!) * Math.log(Math.max(1 - mu, 1e-300)) : y[i]! * Math.max(-ETA_MAX, Math.min(ETA_MAX, eta)) - mu);
  }
  for (let j = 1; j < p; j++) ll -= 0.5 * ridge * beta[j]! ** 2;
  return ll;
}

/** Solves the symmetric positive-definite system A·x = b (Cholesky, A is p×p row-major); returns x. */
export function choleskySolve(a: Float64Array, b: Float64Array): Float64Array {
  const p = b.length, l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) l[i * p + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  const y = new Float64Array(p), x = new Float64Array(p);
  for (let i = 0; i < p; i++) { let s = b[i]!; for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!; y[i] = s / l[i * p + i]!; }
  for (let i = p - 1; i >= 0; i--) { let s = y[i]!; for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!; x[i] = s / l[i * p + i]!; }
  return x;
}

function newtonDirection(f: GlmFamily, z: Float64Array, y: Float64Array, w: Float64Array, beta: Float64Array, ridge: number): Float64Array {
  const p = beta.length, n = y.length, h = new Float64Array(p * p), g = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += z[i * p + j]! * beta[j]!;
    const mu = inverseLink(f, eta), wi = w[i]! * (f === 'logit' ? mu * (1 - mu) : mu), r = w[i]! * (y[i]! - mu);
    for (let j = 0; j < p; j++) {
      const zj = z[i * p + j]!;
      if (zj === 0) continue;
      g[j]! += zj * r;
      for (let k = 0; k <= j; k++) h[j * p + k]! += wi * zj * z[i * p + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) h[k * p + j] = h[j * p + k]!;
  for (let j = 1; j < p; j++) { h[j * p + j]! += ridge; g[j]! -= ridge * beta[j]!; }
  h[0]! += 1e-9;
  return choleskySolve(h, g);
}

/** Fits a GLM of `y` on `a` by IRLS; `weights` (default 1) weight each row. */
export function fitGlm(family: GlmFamily, a: Design, y: Float64Array, options: GlmOptions = {}, weights?: Float64Array): Glm {
  if (y.length !== a.n) throw new Error(`fitGlm: ${a.n} rows but ${y.length} outcomes`);
  const ridge = options.ridge ?? 1, tol = options.tol ?? 1e-8, maxIter = options.maxIter ?? 50;
  const w = weights ?? new Float64Array(a.n).fill(1);
  const { mean, scale, z } = standardise(a);
  let beta = new Float64Array(a.d + 1), ll = penalisedLogLik(family, z, y, w, beta, ridge), it = 0;
  for (; it < maxIter; it++) {
    const dir = newtonDirection(family, z, y, w, beta, ridge);
    let step = 1, next = beta, nll = -Infinity;
    for (let h = 0; h < 30; h++, step /= 2) {
      next = beta.map((b, j) => b + step * dir[j]!);
      nll = penalisedLogLik(family, z, y, w, next, ridge);
      if (nll >= ll - 1e-12) break;
    }
    const gain = nll - ll;
    beta = next;
    ll = nll;
    if (Math.abs(gain) <= tol * (1 + Math.abs(ll))) { it++; break; }
  }
  return { family, beta, mean, scale, iterations: it };
}

/** The fitted mean (probability or expected count) for one row of raw features. */
export function predictGlm(m: Glm, row: ArrayLike<number>): number {
  let eta = m.beta[0]!;
  for (let j = 0; j < m.mean.length; j++) eta += m.beta[j + 1]! * ((row[j]! - m.mean[j]!) / m.scale[j]!);
  return inverseLink(m.family, eta);
}

/** Fitted means for every row of a design. */
export function predictAll(m: Glm, a: Design): Float64Array {
  const out = new Float64Array(a.n);
  for (let i = 0; i < a.n; i++) out[i] = predictGlm(m, a.x.subarray(i * a.d, (i + 1) * a.d));
  return out;
}
