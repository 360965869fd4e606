/** Telemetry tables on both store backends: additive bucket deltas, peers kept as max, metrics upsert, series, retention. */
import { emptyDelta } from '../../src/collect/aggregate';
import { BACKENDS, useStore } from './helpers/databases';

const T0 = Date.UTC(2026, 10, 24, 10, 0);

describe.each(BACKENDS)('telemetry store on %s', (_label, makeDb) => {
  const db = useStore(makeDb, 'telemetry');

  it('applies the telemetry migration', () => {
    expect(db.store.migrated).toContain('002-telemetry');
  });

  it('adds bucket deltas, keeps the larger peer count, and reads zero-filled series', async () => {
    const a = { ...emptyDelta('vmif:1', T0), bytes: 1000.5, packets: 10, flows: 2, peers: 3, newPeers: 3, dhcpPackets: 4, dhcpBytes: 1312 };
    const b = { ...emptyDelta('vmif:1', T0 + 120_000), bytes: 7, packets: 1, flows: 1, peers: 1, newPeers: 0, dnsPackets: 1, dnsBytes: 7 };
    await db.store.telemetry.addBuckets([a, b, { ...emptyDelta('group:tag:web', T0), bytes: 5e12, packets: 1, flows: 1, peers: 1 }]);
    await db.store.telemetry.addBuckets([{ ...a, bytes: 24.5, packets: 1, flows: 1, peers: 2, newPeers: 1, dhcpPackets: 0, dhcpBytes: 0 }]);
    const rows = await db.store.telemetry.buckets('vmif:1', T0, T0 + 3 * 60_000);
    expect(rows).toEqual([
      { resource_id: 'vmif:1', bucket_ms: T0, bytes: 1025, packets: 11, flows: 3, peers: 3, new_peers: 4, dhcp_packets: 4, dhcp_bytes: 1312, tftp_packets: 0, tftp_bytes: 0, dns_packets: 0, dns_bytes: 0, prov_packets: 0, prov_bytes: 0 },
      { resource_id: 'vmif:1', bucket_ms: T0 + 120_000, bytes: 7, packets: 1, flows: 1, peers: 1, new_peers: 0, dhcp_packets: 0, dhcp_bytes: 0, tftp_packets: 0, tftp_bytes: 0, dns_packets: 1, dns_bytes: 7, prov_packets: 0, prov_bytes: 0 },
    ]);
    expect(await db.store.telemetry.series('vmif:1', 'bytes', T0 + 30_000, T0 + 180_000)).toEqual([
      { ts: T0, value: 1025 }, { ts: T0 + 60_000, value: 0 }, { ts: T0 + 120_000, value: 7 },
    ]);
    expect(await db.store.telemetry.totals(T0, T0 + 3600_000)).toEqual([
      { resourceId: 'group:tag:web', bytes: 5e12, packets: 1, flows: 1, buckets: 1 },
      { resourceId: 'vmif:1', bytes: 1032, packets: 12, flows: 4, buckets: 2 },
    ]);
  });

  it('adds unknown-address tallies and widens their time span', async () => {
    await db.store.telemetry.addUnknown([{ address: '198.51.100.7', flows: 1, packets: 2, bytes: 300, firstMs: T0 + 5, lastMs: T0 + 9 }]);
    await db.store.telemetry.addUnknown([{ address: '198.51.100.7', flows: 2, packets: 3, bytes: 400, firstMs: T0 + 1, lastMs: T0 + 7 }, { address: '2001:db8::1', flows: 1, packets: 1, bytes: 60, firstMs: T0, lastMs: T0 }]);
    expect(await db.store.telemetry.topUnknown(5)).toEqual([
      { address: '198.51.100.7', flows: 3, packets: 5, bytes: 700, first_ms: T0 + 1, last_ms: T0 + 9 },
      { address: '2001:db8::1', flows: 1, packets: 1, bytes: 60, first_ms: T0, last_ms: T0 },
    ]);
  });

  it('upserts resource metrics (duplicates in one call: the last wins) and prunes by retention', async () => {
    const n = await db.store.telemetry.putMetrics([
      { resourceId: 'vmif:1', metric: 'cpu', ts: T0, value: 0.5 },
      { resourceId: 'vmif:1', metric: 'cpu', ts: T0, value: 0.75 },
      { resourceId: 'vmif:1', metric: 'cpu', ts: T0 + 60_000, value: 0.25 },
    ]);
    expect(n).toBe(2);
    await db.store.telemetry.putMetrics([{ resourceId: 'vmif:1', metric: 'cpu', ts: T0 + 60_000, value: 0.3 }]);
    expect(await db.store.telemetry.metricSeries('vmif:1', 'cpu', T0, T0 + 3600_000)).toEqual([{ ts: T0, value: 0.75 }, { ts: T0 + 60_000, value: 0.3 }]);
    const cut = T0 + 60_000;
    expect(await db.store.telemetry.prune({ bucketsBeforeMs: cut, metricsBeforeMs: cut, unknownBeforeMs: T0 + 8 })).toEqual({ buckets: 2, metrics: 1, unknown: 1 });
    expect((await db.store.telemetry.buckets('vmif:1', 0, Number.MAX_SAFE_INTEGER)).map((r) => r.bucket_ms)).toEqual([T0 + 120_000]);
    expect((await db.store.telemetry.topUnknown(5)).map((u) => u.address)).toEqual(['198.51.100.7']);
  });
});
