import { hex } from '../../../test/fixtures/flows/hex';
import { emptyRecord } from './record';
import { decodeSflow } from './sflow';

const HEADER = `
  00000005 00000001 C0000201   # version 5, agent 192.0.2.1
  00000000 0000000A 000003E8   # sub-agent 0, sequence 10, uptime 1000 ms
  00000003                     # 3 samples
`;
const FLOW_SAMPLE = `
  00000001 0000009C            # flow sample, 156 bytes
  00000001 00000003 00000400 00001000 00000000 00000003 00000004 00000003   # seq 1, source 0:3, 1 in 1024, in 3, out 4, 3 records
  00000001 00000044 00000001 000005EE 00000004 00000034   # sampled header: Ethernet, frame 1518, stripped 4, 52 bytes
  001122334455 66778899AABB 8100 0064 0800                 # dst, src MAC, VLAN 100, IPv4
  45100 5DC 0000 4000 4006 0000 0A000001 0A000002         # IPv4 tos 0x10 TCP 10.0.0.1 -> 10.0.0.2
  1F90 0050 00000000 00000000 5012                         # TCP 8080 -> 80, flags SYN|ACK
  000003E9 00000010 00000064 00000000 000000C8 00000000   # extended switch: src vlan 100, dst vlan 200
  000003EA 00000010 00000001 0A0000FE 00000018 00000010   # extended router: next hop 10.0.0.254, /24 /16
`;
const EXPANDED_SAMPLE = `
  00000003 00000074            # expanded flow sample, 116 bytes
  00000002 00000000 00000005 0000000A 00000000 00000000 00000000 00000007 00000000 00000008 00000001
  00000001 00000040 0000000C 0000004E 00000000 00000030   # sampled header: IPv6, frame 78, 48 bytes
  60000000 0008 11 40 20010DB8000000000000000000000001 20010DB8000000000000000000000002
  0035 D431 0008 0000                                      # UDP 53 -> 54321
`;
const COUNTER_SAMPLE = `
  00000002 0000006C 00000003 00000003 00000001   # counter sample, 108 bytes, seq 3, source 0:3, 1 record
  00000001 00000058                              # generic interface counters, 88 bytes
  00000003 00000006 000000003B9ACA00 00000001 00000003
  00000000000F4240 00000064 00000001 00000002 00000000 00000000 00000000
  00000000001E8480 000000C8 00000003 00000004 00000000 00000000 00000000
`;

describe('decodeSflow', () => {
  const res = decodeSflow(hex(HEADER + FLOW_SAMPLE + EXPANDED_SAMPLE + COUNTER_SAMPLE), '192.0.2.1', { receivedMs: 77 });

  it('decodes the header', () => {
    expect(res.errors).toEqual([]);
    expect(res.header).toEqual({ version: 5, agentAddr: 0xc0000201, agentAddr6: null, subAgentId: 0, sequence: 10, uptimeMs: 1000, sampleCount: 3 });
  });

  it('parses a flow sample with Ethernet/VLAN/IPv4/TCP header, extended switch and router data', () => {
    expect(res.records[0]).toEqual({
      ...emptyRecord('sflow_v5', '192.0.2.1', 0, 77),
      startMs: 77, endMs: 77, packets: 1, bytes: 1518, samplingRate: 1024, inIf: 3, outIf: 4,
      dstMac: 0x001122334455, srcMac: 0x66778899aabb, vlan: 100, ipVersion: 4, tos: 0x10, proto: 6,
      srcAddr: 0x0a000001, dstAddr: 0x0a000002, srcPort: 8080, dstPort: 80, tcpFlags: 0x12,
      nextHop: 0x0a0000fe, srcMask: 24, dstMask: 16,
    });
  });

  it('parses an expanded flow sample with an IPv6/UDP header', () => {
    const v6 = (last: number): Uint8Array => Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last]);
    expect(res.records[1]).toEqual({
      ...emptyRecord('sflow_v5', '192.0.2.1', 0, 77),
      startMs: 77, endMs: 77, packets: 1, bytes: 78, samplingRate: 10, inIf: 7, outIf: 8,
      ipVersion: 6, srcAddr6: v6(1), dstAddr6: v6(2), proto: 17, srcPort: 53, dstPort: 54321,
    });
  });

  it('decodes generic interface counters', () => {
    expect(res.counters).toEqual([{
      exporter: '192.0.2.1', agentAddr: 0xc0000201, agentAddr6: null, subAgentId: 0, receivedMs: 77, sourceIdType: 0, sourceIdIndex: 3,
      ifIndex: 3, ifType: 6, ifSpeed: 1e9, ifDirection: 1, ifStatus: 3,
      ifInOctets: 1e6, ifInUcastPkts: 100, ifInMulticastPkts: 1, ifInBroadcastPkts: 2, ifInDiscards: 0, ifInErrors: 0, ifInUnknownProtos: 0,
      ifOutOctets: 2e6, ifOutUcastPkts: 200, ifOutMulticastPkts: 3, ifOutBroadcastPkts: 4, ifOutDiscards: 0, ifOutErrors: 0, ifPromiscuousMode: 0,
    }]);
  });

  it('reports sample counts and lengths that lie, keeping the samples that fit', () => {
    const lying = hex(HEADER + FLOW_SAMPLE);
    const many = decodeSflow(lying, 'e');
    expect(many.records).toHaveLength(1);
    expect(many.errors.map((e) => e.kind)).toEqual(['bad_count']);
    const long = hex(HEADER + FLOW_SAMPLE);
    long.writeUInt32BE(0xfffffff0, 32);
    expect(decodeSflow(long, 'e').errors.map((e) => e.kind)).toEqual(['bad_length']);
    const recordPast = hex(HEADER + FLOW_SAMPLE);
    recordPast.writeUInt32BE(0x7fffffff, 28 + 8 + 32 + 4);
    expect(decodeSflow(recordPast, 'e').errors.map((e) => e.kind)).toEqual(['bad_length', 'bad_count']);
  });

  it('reports bad versions, unknown agent address types and short headers', () => {
    expect(decodeSflow(hex('00000004 00000001 C0000201'), 'e').errors.map((e) => e.kind)).toEqual(['bad_version']);
    expect(decodeSflow(hex('00000005 00000003 C0000201'), 'e').errors.map((e) => e.kind)).toEqual(['unsupported']);
    expect(decodeSflow(hex('00000005 00000001 C0000201 00000000'), 'e').errors.map((e) => e.kind)).toEqual(['truncated']);
  });
});
