import type { Trace } from '../core/trace';
import { readTraceJsonl, writeTraceJsonl } from './jsonl';
import { allocationSeries } from './series';

const trace: Trace = {
  name: 't', startMs: 0, endMs: 180_000,
  resources: [{ id: 'g', kind: 'group', name: 'g', attrs: { a: 1 } }],
  events: [
    { tMs: 10_000, resourceId: 'g', kind: 'alloc', key: 'k1' },
    { tMs: 70_000, resourceId: 'g', kind: 'alloc', key: 'k2' },
    { tMs: 80_000, resourceId: 'g', kind: 'release', key: 'k1' },
    { tMs: 90_000, resourceId: 'g', kind: 'alloc', key: 'k3' },
  ],
  telemetry: [{ resourceId: 'g', bucketMs: 60_000, bytes: 10, packets: 2, flows: 1, peers: 1, newPeers: 1, dhcpPackets: 2, dhcpBytes: 10, tftpPackets: 0, tftpBytes: 0, dnsPackets: 0, dnsBytes: 0, provPackets: 0, provBytes: 0 }],
};

describe('trace jsonl', () => {
  it('round-trips a whole trace', () => {
    expect(readTraceJsonl(writeTraceJsonl(trace))).toEqual(trace);
  });
  it('rejects a line without its fields, naming it', () => {
    const text = writeTraceJsonl(trace).replace('"kind":"release"', '"kind":"free"');
    expect(() => readTraceJsonl(text)).toThrow(/^line 5: kind/);
  });
  it('counts allocations per step', () => {
    expect(allocationSeries(trace, 60_000).series.map((s) => [...s])).toEqual([[1, 2, 0]]);
  });
});
