/** @module Shared helpers of the collect benchmarks: the shared captures, CPU time of a pid, pacing, synthetic NetFlow v5. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSocket, type Socket } from 'node:dgram';
import { readCapture, udpDatagrams, type UdpDatagram } from '../src/collect/pcap';
import { sharedPath } from '../test/fixtures/shared-data';

/** Folder of the shared pcaps: IPSHADOW_SHARED_PCAPS, or ../shared/data/pcaps beside the repository. */
export const PCAP_DIR = process.env.IPSHADOW_SHARED_PCAPS ?? sharedPath('pcaps');

/** The flow-export captures, each with the nfdump daemon that collects its protocol. */
export const CAPTURES: Array<{ file: string; anchor: 'nfcapd' | 'sfcapd' }> = [
  ...['softflowd-v5', 'softflowd-v9', 'softflowd-v10', 'nfreplay-v5', 'nfreplay-v9', 'pmacct-live-nfprobe-v9', 'pmacct-live-nfprobe-ipfix'].map((f) => ({ file: `exported/${f}.pcap`, anchor: 'nfcapd' as const })),
  ...['pmacct-sfprobe-file-sflow5-s1', 'pmacct-sfprobe-file-sflow5-s10', 'pmacct-live-sfprobe-sflow5-s10'].map((f) => ({ file: `exported/${f}.pcap`, anchor: 'sfcapd' as const })),
  { file: 'pmacct-test-automation/100-IPFIXv10-CISCO/traffic-00.pcap', anchor: 'nfcapd' },
  { file: 'pmacct-test-automation/101-NFv9-CISCO-cust_primitives/traffic-00.pcap', anchor: 'nfcapd' },
];

/** The UDP datagrams of a shared capture. */
export function captureDatagrams(rel: string): UdpDatagram[] {
  const p = resolve(PCAP_DIR, rel);
  if (!existsSync(p)) throw new Error(`shared capture missing: ${p} (set IPSHADOW_SHARED_PCAPS)`);
  return udpDatagrams(readCapture(readFileSync(p)).packets);
}

/** User+system CPU seconds a process (all its threads) has used, from /proc/PID/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Resident set size of this process in MiB. */
export const rssMiB = (): number => process.memoryUsage().rss / 1048576;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A UDP sender to 127.0.0.1:port that paces itself in bursts so a receiver that keeps up loses nothing. */
export class PacedSender {
  private constructor(private readonly s: Socket) {}
  static async open(): Promise<PacedSender> {
    const s = createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    return new PacedSender(s);
  }
  get port(): number {
    return this.s.address().port;
  }
  /** Send every buffer, `burst` at a time with `pauseMs` between bursts. */
  async send(port: number, bufs: readonly Uint8Array[], burst = 64, pauseMs = 2): Promise<void> {
    for (let i = 0; i < bufs.length; i += burst) {
      await Promise.all(bufs.slice(i, i + burst).map((b) => new Promise<void>((r) => this.s.send(b, port, '127.0.0.1', () => r()))));
      await sleep(pauseMs);
    }
  }
  close(): Promise<void> {
    return new Promise((r) => this.s.close(() => r()));
  }
}

/** A NetFlow v5 datagram of `n` (≤ 30) synthetic flows 10.a.b.c → 10.0.0.1, sequence `seq`, all at `unixSecs`. */
export function syntheticV5(seq: number, n: number, unixSecs: number): Buffer {
  const b = Buffer.alloc(24 + 48 * n);
  b.writeUInt16BE(5, 0);
  b.writeUInt16BE(n, 2);
  b.writeUInt32BE(100000, 4);
  b.writeUInt32BE(unixSecs, 8);
  b.writeUInt32BE(seq * n, 16);
  for (let i = 0; i < n; i++) {
    const o = 24 + 48 * i;
    const id = seq * n + i;
    b.writeUInt32BE((0x0a000000 | ((id * 2654435761) & 0xffffff)) >>> 0, o);
    b.writeUInt32BE(0x0a000001, o + 4);
    b.writeUInt32BE(1 + (id % 7), o + 16); // packets
    b.writeUInt32BE(64 + (id % 1400), o + 20); // bytes
    b.writeUInt32BE(99000, o + 24);
    b.writeUInt32BE(99500, o + 28);
    b.writeUInt16BE(1024 + (id % 60000), o + 32);
    b.writeUInt16BE(443, o + 34);
    b[o + 38] = 6;
  }
  return b;
}

/** The "Flows: N" total nfcapd/sfcapd print when they stop. */
export function daemonFlows(output: string): number {
  return [...output.matchAll(/Flows: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
}
