import { hex } from '../../../test/fixtures/flows/hex';
import { viewOf } from './bytes';
import { parseEthernet, parseIp } from './packet-header';
import { emptyRecord } from './record';

const V6_SRC = '20010db8000000000000000000000001';
const V6_DST = '20010db8000000000000000000000002';

/** Parse `bytes` with `fn` into a fresh record; returns [IP length, record]. */
function parse(fn: typeof parseIp, bytes: Buffer): [number, ReturnType<typeof emptyRecord>] {
  const r = emptyRecord('pcap', 'x', 0, 0);
  return [fn(viewOf(bytes), 0, bytes.length, r), r];
}

describe('packet header parsing', () => {
  it('skips IPv6 hop-by-hop and destination options headers to reach TCP', () => {
    const [len, r] = parse(parseIp, hex(`
      6000000000280040 ${V6_SRC} ${V6_DST}   # payload 40, next header 0 (hop-by-hop)
      3C00 000000000000                      # hop-by-hop: next 60 (dest opts), 8 bytes
      0600 000000000000                      # dest opts: next 6 (TCP), 8 bytes
      01BB C000 00000000 00000000 5002 0000  # TCP 443 -> 49152, SYN
    `));
    expect([len, r.ipVersion, r.proto, r.srcPort, r.dstPort, r.tcpFlags]).toEqual([80, 6, 6, 443, 49152, 2]);
  });

  it('gives no ports for non-first IPv6 and IPv4 fragments', () => {
    const [, v6] = parse(parseIp, hex(`60000000 0010 2C 40 ${V6_SRC} ${V6_DST} 11 00 0100 00000001 0035 0035 0008 0000`)); // fragment offset 32
    expect([v6.proto, v6.srcPort]).toEqual([17, 0]);
    const [, v4] = parse(parseIp, hex('4500001C 0000 0010 4011 0000 0A000001 0A000002 0035 0035 0008 0000'));
    expect([v4.proto, v4.srcAddr, v4.srcPort]).toEqual([17, 0x0a000001, 0]);
  });

  it('follows QinQ tags and MPLS label stacks in Ethernet frames', () => {
    const [, r] = parse(parseEthernet, hex(`
      001122334455 66778899AABB 88A8 0064 8100 00C8 8847   # S-tag 100, C-tag 200, MPLS
      00010000 00011100                                    # two labels, bottom of stack on the second
      4500001C 0000 0000 4001 0000 0A000001 0A000002 0800 0000   # ICMP echo request
    `));
    expect([r.vlan, r.ipVersion, r.proto, r.icmpType, r.icmpCode, r.dstAddr]).toEqual([100, 4, 1, 8, 0, 0x0a000002]);
  });

  it('returns 0 and leaves the record alone for short or non-IP input', () => {
    expect(parse(parseIp, hex('4500'))[0]).toBe(0);
    expect(parse(parseIp, hex('7000000000000000000000000000000000000000'))[0]).toBe(0);
    expect(parse(parseEthernet, hex('001122334455 66778899AABB 0806 0001'))[1].ipVersion).toBe(0);
  });
});
