import type { TelemetryBucket } from '../core/telemetry';
import type { Trace, TraceEvent } from '../core/trace';
import { backtest } from './backtest';
import { leadPolicy, predictTrained, trainLead } from './lead-policy';

// Two days; every 30 minutes a device sends DHCP (4 packets) in minute m − 3 and is allocated at m + 30 s (m = 30i + 20).
const DAY = 86_400_000, MIN = 60_000;
const zero = { bytes: 1368, packets: 4, flows: 1, peers: 1, newPeers: 1, dhcpBytes: 1368, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 };
const minutes = Array.from({ length: 96 }, (_, i) => 30 * i + 20);
const events: TraceEvent[] = minutes.map((m, i) => ({ tMs: m * MIN + 30_000, resourceId: 'r', kind: 'alloc', key: `d${i}` }));
const telemetry: TelemetryBucket[] = minutes.map((m) => ({ ...zero, resourceId: 'r', bucketMs: (m - 3) * MIN, dhcpPackets: 4 }));
const full: Trace = { name: 'lead', startMs: 0, endMs: 2 * DAY, resources: [{ id: 'r', kind: 'group', name: 'r', attrs: {} }], events, telemetry };
const testDay: Trace = { ...full, startMs: DAY, events: events.filter((e) => e.tMs >= DAY) };

describe('lead-signal policy', () => {
  it('reserves one address one latency ahead of each announced allocation on the held-out day', () => {
    const f = leadPolicy({ events, telemetry, startMs: 0, endMs: 2 * DAY, tickMs: MIN, trainEndMs: DAY });
    const m = backtest(testDay, f, { cost: { cWaste: 1, cDelay: 60, latencyMs: MIN }, tickMs: MIN });
    // At tick m − 1 the DHCP of m − 3 is visible (lag 2): one address is requested, ready at m, taken at m + 30 s.
    // So each of the 48 allocations is a hit after half a minute of idling; nothing else is held or dropped.
    expect(m).toEqual({ allocs: 48, hitRate: 1, meanWaitMin: 0, p99WaitMin: 0, idleAddressMin: 24, expired: 0, cost: 24 });
  });

  it('learns the window count pmf out of fold: one address before each announcement, none in quiet minutes', () => {
    const cost = { cWaste: 1, cDelay: 60, latencyMs: MIN };
    const tr = trainLead('r', { events, telemetry, startMs: 0, endMs: 2 * DAY, tickMs: MIN, trainEndMs: DAY, idleMin: 2, countShape: 'conditional', countMinPerBin: 40 }, cost);
    expect(tr.countShape).toBe('conditional');
    // Device m = 1460 (test day): DHCP in minute 1457; the window [1459, 1461) holds its allocation, [1470, 1472) none.
    const at = (t: number) => Array.from(predictTrained(tr, tr.history.grid, t).pmf ?? [], (v) => Math.round(v * 1000) / 1000);
    expect([at(1459), at(1470)]).toEqual([[0, 1], [1]]);
  });

  it('refuses a training cut that leaves no history', () => {
    expect(() => leadPolicy({ events, telemetry, startMs: 0, endMs: 2 * DAY, tickMs: MIN, trainEndMs: 10 * MIN })).toThrow('no training history');
  });
});
