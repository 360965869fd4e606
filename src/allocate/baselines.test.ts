import { awsHeld, azureBatchDelta, ciliumExcess, ciliumNeeded } from './baselines';
import { criticalRatio, newsvendorK, poissonCdf } from './cost';

describe('baseline formulas against their documentation', () => {
  it('AWS: WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10 with 7 pods hold 12 IPs; with 3 pods, 10', () => {
    expect(awsHeld(7, 5, 10)).toBe(12);
    expect(awsHeld(3, 5, 10)).toBe(10);
    expect(awsHeld(0, 0, 10)).toBe(10);
  });

  it('Cilium: needed = pre-allocate − free, at least min-allocate − available; excess above pre + watermark', () => {
    expect(ciliumNeeded(0, 0, 8, 10)).toBe(10);
    expect(ciliumNeeded(12, 7, 8, 10)).toBe(3);
    expect(ciliumNeeded(20, 7, 8, 10)).toBe(0);
    expect(ciliumExcess(30, 20, 8, 10, 2)).toBe(0);
    expect(ciliumExcess(40, 20, 8, 10, 2)).toBe(10);
    expect(ciliumExcess(12, 0, 8, 10, 2)).toBe(0);
  });

  it('Azure: batch 16 requests below 8 free and releases above 24', () => {
    expect([7, 8, 24, 25, 0, 40, 41].map((f) => azureBatchDelta(f, 16))).toEqual([16, 0, 0, -16, 16, -16, -32]);
  });

  it('newsvendor: level c_delay·L/(c_delay·L + c_waste·τ) and its Poisson quantile', () => {
    const level = criticalRatio({ cWaste: 1, cDelay: 60, latencyMs: 60_000 }, 30 * 60_000);
    expect(level).toBeCloseTo(2 / 3, 12);
    // Poisson(2): P(N≤1) = 3e⁻² = 0.406, P(N≤2) = 5e⁻² = 0.677 → k* = 2.
    expect(newsvendorK(poissonCdf(2), level)).toBe(2);
    expect(newsvendorK(poissonCdf(2), 0.4)).toBe(1);
  });
});
