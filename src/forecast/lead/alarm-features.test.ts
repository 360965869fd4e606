import { simulate } from '../../sim/world';
import { featureDesign, LEAD_FEATURES, telemetryGrid } from './features';
import { fitLeadModel, leadHistory, predictLead } from './model';

const round = (v: number) => Math.round(v * 1e9) / 1e9;

describe('alarm features: load per current peer', () => {
  it('reads each of the last minutes, their minimum, slope and extrapolation against the peers of t − 1', () => {
    const b = { resourceId: 'r', packets: 0, flows: 1, newPeers: 0, dhcpPackets: 0, dhcpBytes: 0, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 };
    // Minutes 0–4 carry 40, 80, 120, 160, 200 bytes; 2 peers until minute 3, then 4.
    const g = telemetryGrid([0, 1, 2, 3, 4].map((m) => ({ ...b, bucketMs: m * 60_000, bytes: 40 * (m + 1), peers: m < 3 ? 2 : 4 })), 'r', 0, 600_000);
    const d = featureDesign(g, [5]);
    const col = (name: string) => round(d.x[LEAD_FEATURES.indexOf(name)]!);
    // At t = 5 the capacity is minute 4's 4 peers: loads per peer 50 (lag 1), 40, 30, 20 (lag 4).
    expect(['loadPerPeer_lag2', 'loadPerPeer_lag3', 'loadPerPeerMin_2m', 'loadPerPeerMin_3m', 'loadSlope_3m', 'loadProjected_1m'].map(col))
      .toEqual([Math.log1p(40), Math.log1p(30), Math.log1p(40), Math.log1p(30), Math.log1p(50) - Math.log1p(20), Math.log1p(60)].map(round));
  });

  it('lets the model see a delayed scale-out coming: P(scale-out in minute t) from the buckets before t is above 0.5 where one comes and below 0.1 elsewhere', () => {
    // A noisy group of 5 per instance reacting after 3 minutes (without the alarm features the mean P where one comes was 0.17).
    const trace = simulate({ seed: 11, days: 4, resources: [{ id: 'g', kind: 'autoscale', perInstance: 10, targetUtil: 0.5, reactionMin: 3, cooldownMin: 5, shape: { base: 40, diurnal: 0.6, burstsPerDay: 12, burstFactor: 3, burstMinutes: 20, noise: 0.15 } }] });
    const split = 2 * 86_400_000;
    const train = leadHistory(trace.events, trace.telemetry, 'g', 0, trace.endMs, 15 * 60_000, split);
    const m = fitLeadModel([train], { horizonMin: 1, ridge: 1 });
    const test = leadHistory(trace.events, trace.telemetry, 'g', 0, trace.endMs, split, trace.endMs);
    const p = Array.from(test.times, (t) => predictLead(m, test.grid, t).pAny), y = Array.from(test.times, (t) => test.allocs[t]! > 0);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    const hit = mean(p.filter((_, i) => y[i])), quiet = mean(p.filter((_, i) => !y[i]));
    expect(y.filter(Boolean).length).toBeGreaterThan(50);
    expect(hit).toBeGreaterThan(0.5);
    expect(quiet).toBeLessThan(0.1);
  });
});
