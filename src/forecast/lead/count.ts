/**
 * @module The count distribution the lead-signal model states: a hurdle Poisson that keeps the calibrated
 * P(N ≥ 1) = p and the hazard's mean λ; given at least one arrival, the extra arrivals are Poisson(max(0, λ/p − 1)).
 */

/** P(N ≤ k) for the hurdle Poisson with P(N ≥ 1) = p and E[N] = max(λ, p). */
export function hurdleCdf(p: number, expected: number): (k: number) => number {
  const pp = Math.min(1, Math.max(0, p));
  const mu = pp > 0 ? Math.max(0, expected / pp - 1) : 0;
  return (k) => {
    if (k < 0) return 0;
    let term = Math.exp(-mu), sum = term;
    for (let i = 1; i <= k - 1; i++) sum += term *= mu / i;
    return 1 - pp + pp * (k >= 1 ? sum : 0);
  };
}
