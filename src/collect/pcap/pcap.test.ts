import { readFileSync } from 'fs';
import { capturePath } from '../../../test/fixtures/flows/shared-captures';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL, LINKTYPE_RAW } from './link-layer';
import { readCapture } from './read-capture';
import type { CapturedPacket } from './types';
import { udpDatagrams, udpOf } from './udp';

/** A classic pcap file holding `frames`, in either byte order and time resolution. */
function classic(linkType: number, frames: Buffer[], opts: { le?: boolean; nano?: boolean } = {}): Buffer {
  const le = opts.le ?? true;
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  };
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const head = Buffer.concat([u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(65535), u32(linkType)]);
  const recs = frames.map((f, i) => Buffer.concat([u32(1600000000 + i), u32(opts.nano ? 500000000 : 500000), u32(f.length), u32(f.length), f]));
  return Buffer.concat([head, ...recs]);
}

/** A little-endian pcapng file: one section, one interface (nanosecond stamps), one EPB per frame and one SPB. */
function pcapng(linkType: number, frames: Buffer[]): Buffer {
  const block = (type: number, body: Buffer): Buffer => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const len = padded.length + 12;
    const b = Buffer.alloc(len);
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(len, 4);
    padded.copy(b, 8);
    b.writeUInt32LE(len, len - 4);
    return b;
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeInt32LE(-1, 8);
  shb.writeInt32LE(-1, 12);
  const idb = Buffer.alloc(8 + 8 + 4);
  idb.writeUInt16LE(linkType, 0);
  idb.writeUInt32LE(0, 4);
  idb.writeUInt16LE(9, 8); // if_tsresol
  idb.writeUInt16LE(1, 10);
  idb.writeUInt8(9, 12); // 10^-9
  const epbs = frames.map((f) => {
    const h = Buffer.alloc(20);
    const ns = 1600000000123456789n;
    h.writeUInt32LE(Number(ns >> 32n), 4);
    h.writeUInt32LE(Number(ns & 0xffffffffn), 8);
    h.writeUInt32LE(f.length, 12);
    h.writeUInt32LE(f.length, 16);
    return block(6, Buffer.concat([h, f]));
  });
  const last = frames[frames.length - 1] as Buffer;
  const spbHead = Buffer.alloc(4);
  spbHead.writeUInt32LE(last.length, 0);
  return Buffer.concat([block(0x0a0d0d0a, shb), block(1, idb), block(0x0bad, Buffer.alloc(8)), ...epbs, block(3, Buffer.concat([spbHead, last]))]);
}

const IPV4_UDP = Buffer.from('45000021000040004011000' + '0c0000201c0000202' + '13881389000d0000' + '6869212121', 'hex'); // 192.0.2.1:5000 -> 192.0.2.2:5001 "hi!!!"
const IPV6_UDP = Buffer.from('6000000000091140' + '20010db8' + '0'.repeat(23) + '1' + '20010db8' + '0'.repeat(23) + '2' + '0035d43100090000' + '78', 'hex');
const ETH = (type: string, ip: Buffer): Buffer => Buffer.concat([Buffer.from('00112233445566778899aabb' + type, 'hex'), ip]);
const SLL = (ip: Buffer): Buffer => Buffer.concat([Buffer.from('0000000100060011223344550000' + '0800', 'hex'), ip]);
const SLL2 = (ip: Buffer): Buffer => Buffer.concat([Buffer.from('0800000000000002000100060011223344550000', 'hex'), ip]);
const NULL = (ip: Buffer): Buffer => Buffer.concat([Buffer.from('02000000', 'hex'), ip]);

const summary = (pkts: CapturedPacket[]): unknown[] =>
  udpDatagrams(pkts).map((d) => [d.srcAddr, d.srcPort, d.dstAddr, d.dstPort, Buffer.from(d.payload).toString()]);

describe('capture readers', () => {
  it('reads the real classic pcap and finds the NetFlow v5 datagram inside', () => {
    const cap = readCapture(readFileSync(capturePath('exported/softflowd-v5.pcap')));
    expect([cap.format, cap.errors, cap.packets.length, cap.packets[0]?.linkType]).toEqual(['pcap', [], 1, LINKTYPE_ETHERNET]);
    const d = udpOf(cap.packets[0] as CapturedPacket);
    expect([d?.srcAddr, d?.dstAddr, d?.dstPort, d?.payload.length, d?.payload[1]]).toEqual(['127.0.0.1', '127.0.0.1', 2055, 24 + 20 * 48, 5]);
  });

  it.each([
    ['little-endian µs', { le: true }, 1600000000500],
    ['big-endian ns', { le: false, nano: true }, 1600000000500],
  ])('reads classic pcap, %s', (_n, opts, ts) => {
    const cap = readCapture(classic(LINKTYPE_RAW, [IPV4_UDP, IPV6_UDP], opts));
    expect(cap.errors).toEqual([]);
    expect(cap.packets.map((p) => p.tsMs)).toEqual([ts, ts + 1000]);
    expect(summary(cap.packets)).toEqual([['192.0.2.1', 5000, '192.0.2.2', 5001, 'hi!!!'], ['2001:db8:0:0:0:0:0:1', 53, '2001:db8:0:0:0:0:0:2', 54321, 'x']]);
  });

  it.each([
    ['Ethernet with an 802.1Q tag', LINKTYPE_ETHERNET, ETH('81000064' + '0800', IPV4_UDP)],
    ['Linux SLL', LINKTYPE_LINUX_SLL, SLL(IPV4_UDP)],
    ['Linux SLL2', LINKTYPE_LINUX_SLL2, SLL2(IPV4_UDP)],
    ['BSD loopback', LINKTYPE_NULL, NULL(IPV4_UDP)],
  ])('finds UDP inside %s frames', (_n, linkType, frame) => {
    expect(summary(readCapture(classic(linkType, [frame])).packets)).toEqual([['192.0.2.1', 5000, '192.0.2.2', 5001, 'hi!!!']]);
  });

  it('reads pcapng with nanosecond if_tsresol, skips unknown blocks and reads simple packet blocks', () => {
    const cap = readCapture(pcapng(LINKTYPE_LINUX_SLL, [SLL(IPV4_UDP)]));
    expect(cap.errors).toEqual([]);
    expect(cap.format).toBe('pcapng');
    expect(cap.packets.map((p) => [p.linkType, p.data.length])).toEqual([[LINKTYPE_LINUX_SLL, 49], [LINKTYPE_LINUX_SLL, 49]]);
    expect(cap.packets[0]?.tsMs).toBeCloseTo(1600000000123.4568, 3);
    expect(summary(cap.packets)).toHaveLength(2);
  });

  it('gives the same datagrams from a real capture rewritten as pcapng', () => {
    const real = readCapture(readFileSync(capturePath('exported/softflowd-v9.pcap')));
    const ng = readCapture(pcapng(LINKTYPE_ETHERNET, real.packets.map((p) => Buffer.from(p.data))));
    expect(udpDatagrams(ng.packets).map((d) => Buffer.from(d.payload).toString('hex'))).toContain(Buffer.from(udpDatagrams(real.packets)[0]?.payload ?? []).toString('hex'));
  });

  it('keeps the packets before a cut-short record and reports bad magic', () => {
    const file = classic(LINKTYPE_RAW, [IPV4_UDP, IPV4_UDP]);
    const cut = readCapture(file.subarray(0, file.length - 3));
    expect([cut.packets.length, cut.errors.map((e) => e.kind)]).toEqual([1, ['truncated']]);
    const ng = pcapng(LINKTYPE_RAW, [IPV4_UDP]);
    expect(readCapture(ng.subarray(0, ng.length - 2)).errors.map((e) => e.kind)).toEqual(['truncated']);
    expect(readCapture(Buffer.from('not a capture')).errors.map((e) => e.kind)).toEqual(['bad_magic']);
  });

  it('skips non-first IPv4 fragments, non-UDP and short frames', () => {
    const frag = Buffer.from(IPV4_UDP);
    frag.writeUInt16BE(0x0010, 6);
    const tcp = Buffer.from(IPV4_UDP);
    tcp[9] = 6;
    expect(summary(readCapture(classic(LINKTYPE_RAW, [frag, tcp, Buffer.alloc(3)])).packets)).toEqual([]);
  });
});
