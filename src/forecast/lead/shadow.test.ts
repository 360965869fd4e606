import { LEAD_FEATURES, telemetryGrid } from './features';
import type { Glm } from './glm';
import type { LeadModel } from './model';
import { leadShadowEntry } from './shadow';

const d = LEAD_FEATURES.length;
const constant = (family: Glm['family'], eta: number): Glm => ({ family, beta: Float64Array.from({ length: d + 1 }, (_, j) => (j ? 0 : eta)), mean: new Float64Array(d), scale: new Float64Array(d).fill(1), iterations: 0 });

describe('lead-signal shadow entry', () => {
  it('states calibrated P(any), hurdle-Poisson quantiles and the hazard ETA', () => {
    // P(any) ½ (logit 0), hazard 1 per minute for 2 minutes: E[N] = 2, so N − 1 | N ≥ 1 ~ Poisson(3).
    const model: LeadModel = { horizonMin: 2, anyWithin: constant('logit', 0), hazard: [constant('log', 0), constant('log', 0)] };
    const g = telemetryGrid([], 'r', 600_000, 1_200_000);
    const e = leadShadowEntry(model, g, 3, { resourceId: 'r', resourceType: 'group' });
    // P(N ≤ k) = ½ + ½·F₃(k − 1): F₃(3) = 0.647 < 0.8 ≤ F₃(4) = 0.815 → the 0.9 quantile is 5; F₃(6) = 0.966 < 0.98 ≤ F₃(7) → 8.
    // First arrival: P(by 1 min) = 1 − e⁻¹ = 0.63, P(by 2 min) = 1 − e⁻² = 0.86 → ETA [0, 2) minutes ahead.
    expect(e).toEqual({
      resourceId: 'r', asOfMs: 780_000, horizonMs: 120_000, pAny: 0.5,
      quantiles: [{ p: 0.1, count: 0 }, { p: 0.5, count: 0 }, { p: 0.9, count: 5 }, { p: 0.99, count: 8 }],
      eta: { fromMs: 780_000, toMs: 900_000 }, resourceType: 'group', expectedBandwidthBps: null, model: 'lead-signal', validUntilMs: 840_000,
    });
    expect(leadShadowEntry(model, g, 3, { resourceId: 'r', resourceType: 'group', calibrate: () => 0.25 }).pAny).toBe(0.25);
  });
});
