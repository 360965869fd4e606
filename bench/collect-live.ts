/**
 * The live collector against nfcapd, side by side: both receive the same nfreplay stream (NetFlow v9 made by nfdump
 * from an nfcapd file of synthetic flows) at rising rates, each with the same socket buffer, one after the other on
 * the same machine. Records received and lost are reported for each. ipshadow runs as its own process: UDP listener,
 * collector, sampling, mapping and aggregation (flushed each second; no store writes), warmed up first on the shared
 * nfreplay-v9 capture's datagrams (from another exporter key) as a long-running collector would be.
 * Usage: collect-live [flows] | collect-live --receiver <rcvbuf>
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTemplateStore, type FlowType } from '../src/collect/decoders';
import { ResourceMap } from '../src/collect/mapping';
import { FlowPipeline } from '../src/collect/pipeline';
import { CollectStats } from '../src/collect/stats';
import { ExporterTable, FlowCollector, UdpListener } from '../src/collect/udp';
import { freeUdpPort, nfcapdFile, runTool, startDaemon } from '../test/fixtures/flows/tools';
import { PacedSender, captureDatagrams, daemonFlows, sleep, syntheticV5 } from './collect-lib';
import { appendResult } from './lib/results';

const RCVBUF = 4 * 1024 * 1024;
const DELAYS_US = [1000, 200, 50, 10, 2, 0];

/** Receiver mode: print READY <port>, count records until SIGTERM, print RECORDS <n>. */
async function receiver(rcvbuf: number): Promise<void> {
  const stats = new CollectStats();
  const pipeline = new FlowPipeline({ map: new ResourceMap({ resources: [{ id: 'group:tag:bench', kind: 'group', name: 'bench', mac: null, parentType: null, parentId: null, interfaceId: null, groupBy: 'tag', groupValue: 'bench', tenantId: null, attrs: { prefixIds: [1] } }], members: [], prefixes: [{ id: 1, prefix: '10.0.0.0/8' }] }) });
  const collector = new FlowCollector({ templates: new MemoryTemplateStore(), exporters: new ExporterTable(), stats, sink: (rs) => pipeline.write(rs) });
  const warm = captureDatagrams('exported/nfreplay-v9.pcap').map((d) => d.payload);
  const info = { name: 'warmup', protocols: new Set<FlowType>(['netflow_v9']) };
  for (let i = 0; i < 40_000; i++) collector.handle(warm[i % warm.length] as Uint8Array, '192.0.2.1', 9, info, Date.now());
  pipeline.aggregator.flush();
  const warmRecords = stats.records.total();
  const l = await UdpListener.start({ name: 'bench', host: '127.0.0.1', port: 0, protocols: ['netflow_v5', 'netflow_v9', 'ipfix'], recvBufferBytes: rcvbuf }, collector);
  const t = setInterval(() => pipeline.aggregator.flush(), 1000);
  process.on('SIGTERM', () => {
    clearInterval(t);
    pipeline.aggregator.flush();
    process.stdout.write(`RECORDS ${stats.records.total() - warmRecords} ${l.recvBufferSize()}\n`, () => process.exit(0));
  });
  process.stdout.write(`READY ${l.address().port}\n`);
}

/** Build an nfcapd file holding `flows` synthetic flows (sent to nfcapd slowly enough that none are lost). */
async function makeFile(flows: number, dir: string): Promise<string> {
  const port = await freeUdpPort();
  const d = startDaemon('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '3600', '-B', String(RCVBUF)]);
  await sleep(800);
  const s = await PacedSender.open();
  const now = Math.floor(Date.now() / 1000);
  const bufs = Array.from({ length: Math.ceil(flows / 30) }, (_, i) => syntheticV5(i, Math.min(30, flows - i * 30), now));
  await s.send(port, bufs, 16, 2);
  await s.close();
  await sleep(500);
  await d.stop();
  const got = daemonFlows(d.output());
  if (got !== flows) throw new Error(`input file holds ${got} flows, wanted ${flows}`);
  return nfcapdFile(dir);
}

async function replay(file: string, port: number, delayUs: number): Promise<number> {
  const t = process.hrtime.bigint();
  const r = await runTool('nfreplay', ['-r', file, '-H', '127.0.0.1', '-p', String(port), '-v', '9', '-d', String(delayUs), '-b', String(RCVBUF)], 120000);
  if (r.code !== 0) throw new Error(`nfreplay: ${r.out}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function nfcapdRun(file: string, delayUs: number): Promise<{ received: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-live-'));
  const port = await freeUdpPort();
  const d = startDaemon('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '3600', '-B', String(RCVBUF)]);
  try {
    await sleep(800);
    const seconds = await replay(file, port, delayUs);
    await sleep(1000);
    await d.stop();
    return { received: daemonFlows(d.output()), seconds };
  } finally {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function oursRun(file: string, delayUs: number): Promise<{ received: number; seconds: number }> {
  const child = spawn(process.execPath, [__filename, '--receiver', String(RCVBUF)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  while (!/READY (\d+)/.test(out)) await sleep(20);
  const port = Number(/READY (\d+)/.exec(out)?.[1]);
  const seconds = await replay(file, port, delayUs);
  await sleep(1000);
  child.kill('SIGTERM');
  await exited;
  return { received: Number(/RECORDS (\d+)/.exec(out)?.[1] ?? NaN), seconds };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--receiver') return receiver(Number(process.argv[3] ?? RCVBUF));
  const flows = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-live-src-'));
  try {
    const file = await makeFile(flows, dir);
    for (const delay of DELAYS_US) {
      const anchor = await nfcapdRun(file, delay);
      const ours = await oursRun(file, delay);
      const rate = flows / Math.min(anchor.seconds, ours.seconds);
      process.stderr.write(`-d ${delay} µs: ~${Math.round(rate)} rec/s offered; ipshadow ${ours.received} (${ours.seconds.toFixed(2)} s), nfcapd ${anchor.received} (${anchor.seconds.toFixed(2)} s) of ${flows}\n`);
      appendResult({
        benchmark: `live: nfreplay v9, ${flows} flows at ~${Math.round(rate / 1000)}k rec/s (-d ${delay})`,
        metric: `records received; lost ipshadow ${flows - ours.received}, nfcapd ${flows - anchor.received} (anchor = nfcapd 1.7.1, same 4 MiB rcvbuf)`,
        ipshadow: ours.received,
        anchor: anchor.received,
        ratio: ours.received / Math.max(anchor.received, 1),
        command: `npm run bench:collect-live -- ${flows}`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
