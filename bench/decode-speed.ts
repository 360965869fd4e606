/**
 * Decode speed on one core over the real captures, side by side with nfdump's collector (the anchor) in one run.
 * ipshadow: decodeDatagram over the capture's datagrams in a loop (templates learned first), records per CPU second
 * of this process. Anchor: nfcapd (NetFlow/IPFIX) or sfcapd (sFlow) receiving the same datagrams over loopback,
 * paced so none are lost, records stored per CPU second of the daemon (from /proc: it also pays for recvmsg and for
 * writing its file, which the pure decode does not). Usage: decode-speed [datagrams-per-capture-for-the-anchor]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDatagram, MemoryTemplateStore } from '../src/collect/decoders';
import { freeUdpPort, startDaemon } from '../test/fixtures/flows/tools';
import { CAPTURES, PacedSender, captureDatagrams, cpuSecondsOf, daemonFlows, sleep } from './collect-lib';
import { appendResult } from './lib/results';

/** Records per CPU second of decodeDatagram over the datagrams, looped for about `budgetS` CPU seconds. */
function oursRate(payloads: Uint8Array[], budgetS = 0.6): { rate: number; perPass: number } {
  const store = new MemoryTemplateStore();
  let perPass = 0;
  for (const p of payloads) perPass += decodeDatagram(p, '127.0.0.1:9', store, { receivedMs: 1 }).records.length;
  let records = 0;
  const t0 = process.cpuUsage();
  let used = 0;
  while (used < budgetS) {
    for (let k = 0; k < 20; k++) for (const p of payloads) records += decodeDatagram(p, '127.0.0.1:9', store, { receivedMs: 1 }).records.length;
    const d = process.cpuUsage(t0);
    used = (d.user + d.system) / 1e6;
  }
  return { rate: records / used, perPass };
}

/** Records stored per CPU second of nfcapd/sfcapd receiving `count` datagrams (the capture repeated). */
async function anchorRate(daemon: 'nfcapd' | 'sfcapd', payloads: Uint8Array[], count: number, sender: PacedSender): Promise<{ rate: number; flows: number; sent: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-bench-'));
  const port = await freeUdpPort();
  const d = startDaemon(daemon, ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '3600', '-B', String(8 * 1024 * 1024)]);
  try {
    await sleep(800);
    const bufs: Uint8Array[] = [];
    while (bufs.length < count) bufs.push(...payloads);
    const c0 = cpuSecondsOf(d.proc.pid as number);
    await sender.send(port, bufs, 32, 1);
    await sleep(700);
    const c1 = cpuSecondsOf(d.proc.pid as number);
    await d.stop();
    const flows = daemonFlows(d.output());
    return { rate: flows / Math.max(c1 - c0, 0.01), flows, sent: bufs.length };
  } finally {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const perCapture = Number(process.argv[2] ?? 20000);
  const sender = await PacedSender.open();
  let oursRecords = 0;
  let oursSeconds = 0;
  let anchorFlows = 0;
  let anchorSeconds = 0;
  try {
    for (const c of CAPTURES) {
      const payloads = captureDatagrams(c.file).map((d) => d.payload);
      const ours = oursRate(payloads);
      const anchor = await anchorRate(c.anchor, payloads, perCapture, sender);
      const name = c.file.replace(/^.*\/|\.pcap$/g, '').replace(/^traffic-00$/, c.file.split('/')[1] ?? c.file);
      process.stderr.write(`${name}: ours ${(ours.rate / 1e6).toFixed(2)}M rec/s (${ours.perPass} rec/pass), ${c.anchor} ${(anchor.rate / 1e6).toFixed(3)}M rec/s (${anchor.flows} flows from ${anchor.sent} datagrams)\n`);
      oursRecords += ours.rate;
      oursSeconds += 1;
      anchorFlows += anchor.rate;
      anchorSeconds += 1;
      appendResult({
        benchmark: `decode ${name} (${c.anchor === 'nfcapd' ? 'NetFlow/IPFIX' : 'sFlow'})`,
        metric: `records/s on one core; anchor = ${c.anchor} 1.7.1 records stored per CPU-s`,
        ipshadow: ours.rate,
        anchor: anchor.rate,
        ratio: ours.rate / anchor.rate,
        command: `npm run bench:decode-speed -- ${perCapture}`,
      });
    }
  } finally {
    await sender.close();
  }
  appendResult({
    benchmark: `decode, mean over ${CAPTURES.length} real captures`,
    metric: 'records/s on one core (mean of per-capture rates); anchor = nfcapd/sfcapd per CPU-s',
    ipshadow: oursRecords / oursSeconds,
    anchor: anchorFlows / anchorSeconds,
    ratio: oursRecords / oursSeconds / (anchorFlows / anchorSeconds),
    command: `npm run bench:decode-speed -- ${perCapture}`,
  });
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
