/**
 * @module A discrete self-exciting (Hawkes-like) count model with a piecewise-constant kernel: the allocations
 * expected in the next window are μ + Σ_j α_j·x_j, where x_j counts past allocations in lag window j (the
 * resource's own, and optionally every resource's). Fitted by ridge least squares, which needs no link function:
 * the score only ranks decisions, and the learnt conditional pmf (conditional-count.ts) supplies the shape.
 */
import { choleskySolve } from '../lead/glm';

/** Intercept μ then one weight α_j per feature. */
export interface SelfExcitingModel {
  coef: Float64Array;
}

/** Fits on `n` rows of `d` features (row-major `x`) and outcomes `y`; `ridge` penalises the weights, not μ. */
export function fitSelfExciting(x: Float64Array, y: ArrayLike<number>, d: number, ridge = 1): SelfExcitingModel {
  const n = y.length, p = d + 1;
  if (x.length !== n * d) throw new Error(`fitSelfExciting: ${x.length} values for ${n} rows of ${d} features`);
  const a = new Float64Array(p * p), b = new Float64Array(p), row = new Float64Array(p);
  row[0] = 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j + 1] = x[i * d + j]!;
    for (let j = 0; j < p; j++) {
      b[j]! += row[j]! * y[i]!;
      for (let k = 0; k <= j; k++) a[j * p + k]! += row[j]! * row[k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k]!;
  for (let j = 1; j < p; j++) a[j * p + j]! += ridge;
  // With no rows the system is all zeros; the tiny diagonal keeps Cholesky defined and gives μ = 0.
  a[0]! += 1e-9;
  return { coef: choleskySolve(a, b) };
}

/** The model's expected count for one row of features. */
export function excitation(m: SelfExcitingModel, row: ArrayLike<number>, offset = 0): number {
  let s = m.coef[0]!;
  for (let j = 1; j < m.coef.length; j++) s += m.coef[j]! * row[offset + j - 1]!;
  return s;
}
