import { emptyRecord, type FlowRecord } from '../decoders';
import { Aggregator } from './aggregator';
import { LeadClassifier } from './lead';
import { emptyDelta } from './types';

const T = Date.UTC(2026, 10, 24, 10, 0);

describe('Aggregator', () => {
  it('sums volumes per resource and minute, counts distinct and new peers, and splits lead traffic', () => {
    const a = new Aggregator();
    expect(a.add('r1', T + 1000, 100, 2, 1, -1, 7)).toBe(true);
    a.add('r1', T + 2000, 50, 1, 1, 0, 7);
    a.add('r1', T + 61_000, 10, 1, 1, 2, 8, 9);
    a.add('r2', T + 3000, 5, 1, 1, 3, 7);
    const { buckets } = a.flush();
    expect(buckets).toEqual([
      { ...emptyDelta('r1', T), bytes: 150, packets: 3, flows: 2, peers: 1, newPeers: 1, dhcpPackets: 1, dhcpBytes: 50 },
      { ...emptyDelta('r1', T + 60_000), bytes: 10, packets: 1, flows: 1, peers: 2, newPeers: 2, dnsPackets: 1, dnsBytes: 10 },
      { ...emptyDelta('r2', T), bytes: 5, packets: 1, flows: 1, peers: 1, newPeers: 1, provPackets: 1, provBytes: 5 },
    ]);
    a.add('r1', T + 4000, 1, 1, 1, -1, 7);
    expect(a.flush().buckets).toEqual([{ ...emptyDelta('r1', T), bytes: 1, packets: 1, flows: 1, peers: 1, newPeers: 0 }]);
    expect(a.flush().buckets).toEqual([]);
  });

  it('counts a peer as new again after the peer memory, and bounds peers per resource', () => {
    const a = new Aggregator({ peerMemoryMs: 60_000, maxPeersPerResource: 2 });
    a.add('r', T, 1, 1, 1, -1, 1);
    a.add('r', T + 30_000, 1, 1, 1, -1, 1);
    a.add('r', T + 200_000, 1, 1, 1, -1, 1);
    expect(a.flush().buckets.map((b) => b.newPeers)).toEqual([1, 1]);
    a.add('r', T + 201_000, 1, 1, 1, -1, 2);
    a.add('r', T + 202_000, 1, 1, 1, -1, 3); // evicts peer 1
    a.add('r', T + 203_000, 1, 1, 1, -1, 1);
    expect(a.flush().buckets.map((b) => b.newPeers)).toEqual([3]);
  });

  it('drops buckets past the lateness window, keeps memory bounded, and caps open buckets', () => {
    const a = new Aggregator({ latenessMs: 60_000, maxOpenBuckets: 3 });
    a.add('r', T, 1, 1, 1, -1, null);
    a.add('r', T + 60_000, 1, 1, 1, -1, null);
    a.add('r', T + 120_000, 1, 1, 1, -1, null);
    expect(a.add('r', T + 180_000, 1, 1, 1, -1, null)).toBe(false);
    expect(a.stats.bucketCapDrops).toBe(1);
    a.flush();
    expect(a.openBuckets()).toBe(3); // watermark T+120s: nothing is 2 minutes old yet
    a.add('r', T + 179_000, 1, 1, 1, -1, null);
    a.flush();
    expect(a.openBuckets()).toBe(2); // watermark T+179s: the minute at T is closed
    a.add('q', T + 240_000, 1, 1, 1, -1, null);
    a.flush();
    expect(a.openBuckets()).toBe(2); // r at T+120s and q at T+240s remain
    a.add('r', T, 2, 1, 1, -1, null); // late: a fresh delta for a closed bucket, added in the store
    expect(a.flush().buckets).toEqual([{ ...emptyDelta('r', T), bytes: 2, packets: 1, flows: 1 }]);
  });

  it('tallies unknown addresses as text, bounded', () => {
    const a = new Aggregator({ maxUnknownAddresses: 2 });
    a.unknown(0xc0000201, T + 5, 10, 1, 1);
    a.unknown(0xc0000201, T + 1, 10, 1, 1);
    a.unknown('20010db8000000000000000000000001', T, 5, 1, 1);
    a.unknown(0xc0000202, T, 5, 1, 1);
    expect(a.flush().unknown).toEqual([
      { address: '192.0.2.1', flows: 2, packets: 2, bytes: 20, firstMs: T + 1, lastMs: T + 5 },
      { address: '2001:db8::1', flows: 1, packets: 1, bytes: 5, firstMs: T, lastMs: T },
    ]);
    expect(a.stats.unknownCapDrops).toBe(1);
  });
});

describe('LeadClassifier', () => {
  const flow = (proto: number, src: number, sp: number, dst: number, dp: number): FlowRecord => ({ ...emptyRecord('pcap', 'x', 0, 0), ipVersion: 4, proto, srcAddr: src, srcPort: sp, dstAddr: dst, dstPort: dp });
  const c = new LeadClassifier({ dhcp: [67, 68], tftp: [69], dns: [53], provisioning: { hosts: ['192.0.2.0/28'], ports: [80, 443] } });

  it('classifies DHCP, TFTP, DNS and HTTP(S) to provisioning hosts, both directions', () => {
    expect([
      c.classify(flow(17, 0, 68, 0xffffffff, 67)), c.classify(flow(17, 1, 40000, 2, 69)), c.classify(flow(17, 1, 5353, 2, 53)),
      c.classify(flow(6, 1, 53, 2, 40000)), c.classify(flow(6, 1, 40000, 0xc0000205, 443)), c.classify(flow(6, 0xc0000205, 80, 1, 40000)),
    ]).toEqual([0, 1, 2, 2, 3, 3]);
  });

  it('leaves other traffic alone', () => {
    expect([c.classify(flow(6, 1, 40000, 0xc0000285, 443)), c.classify(flow(6, 1, 40000, 2, 67)), c.classify(flow(1, 1, 0, 2, 0))]).toEqual([-1, -1, -1]);
  });
});
