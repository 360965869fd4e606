import { hex } from '../../../test/fixtures/flows/hex';
import { decodeNetflowV5 } from './netflow-v5';
import { emptyRecord } from './record';

const PACKET = hex(`
  0005 0001            # version 5, count 1
  00002710             # sysUptime 10000 ms
  5F5E1000 00000000    # unix secs 1600000000, nsecs 0
  00000007             # flow sequence
  01 02                # engine type 1, engine id 2
  4064                 # sampling mode 1, interval 100
  0A000001 C0A80102 0A0000FE   # src 10.0.0.1, dst 192.168.1.2, next hop 10.0.0.254
  0003 0004            # input 3, output 4
  0000000A 00000FA0    # 10 packets, 4000 bytes
  00001F40 00002328    # first 8000, last 9000 (sysUptime ms)
  1F90 C350 00 1B 06 10        # ports 8080 -> 50000, pad, flags 0x1b, tcp, tos 0x10
  FDE8 FDE9 18 10 0000         # AS 65000 -> 65001, masks /24 /16, pad
`);

describe('decodeNetflowV5', () => {
  it('decodes a reference packet into whole header and record', () => {
    const res = decodeNetflowV5(PACKET, '192.0.2.9', { receivedMs: 1600000000500 });
    expect(res.errors).toEqual([]);
    expect(res.header).toEqual({
      version: 5, count: 1, sysUptimeMs: 10000, unixSecs: 1600000000, unixNsecs: 0, flowSequence: 7,
      engineType: 1, engineId: 2, samplingMode: 1, samplingInterval: 100,
    });
    expect(res.records).toEqual([
      {
        ...emptyRecord('netflow_v5', '192.0.2.9', 0x0102, 1600000000500),
        ipVersion: 4, srcAddr: 0x0a000001, dstAddr: 0xc0a80102, nextHop: 0x0a0000fe, inIf: 3, outIf: 4,
        packets: 10, bytes: 4000, startMs: 1599999998000, endMs: 1599999999000, srcPort: 8080, dstPort: 50000,
        tcpFlags: 0x1b, proto: 6, tos: 0x10, srcAs: 65000, dstAs: 65001, srcMask: 24, dstMask: 16, samplingRate: 100,
      },
    ]);
  });

  it('reports a count larger than the records present and decodes those that fit', () => {
    const lying = Buffer.from(PACKET);
    lying.writeUInt16BE(30, 2);
    const res = decodeNetflowV5(lying, 'x');
    expect(res.records).toHaveLength(1);
    expect(res.errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(res.errors[0]?.context).toMatchObject({ count: 30, present: 1 });
  });

  it('reports a short header and a wrong version without throwing', () => {
    expect(decodeNetflowV5(PACKET.subarray(0, 23), 'x').errors.map((e) => e.kind)).toEqual(['truncated']);
    const v7 = Buffer.from(PACKET);
    v7.writeUInt16BE(7, 0);
    expect(decodeNetflowV5(v7, 'x').errors.map((e) => e.kind)).toEqual(['bad_version']);
  });

  it('treats a zero sampling interval as unsampled (rate 1)', () => {
    const unsampled = Buffer.from(PACKET);
    unsampled.writeUInt16BE(0, 22);
    expect(decodeNetflowV5(unsampled, 'x').records[0]?.samplingRate).toBe(1);
  });
});
