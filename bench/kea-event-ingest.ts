/**
 * The sidecar's CPU per Kea hook event: the real event path (KeaEventServer → validation → SQLite store, started as
 * bench/lib/event-sidecar.ts starts it for bench:kea-perfdhcp, here in a child of this session) is sent N event lines,
 * byte for byte as hooks/kea/ipshadow_event.cc writes them, over one Unix-socket connection; the child's own
 * user+system CPU from ready to the last event stored, over N, is the cost. Anchor, in the same run: a bare reader
 * that only reads the same bytes and counts newlines (bench/lib/line-counter.ts); ratio = ipshadow ÷ bare.
 * `npm run bench:kea-event-ingest -- [N=200000] [RATE=0] [SLICE_MS=10] [--cpu-prof DIR] [--dry]`: RATE 0 writes 64 KiB at a
 * time as fast as the socket takes them; RATE > 0 writes every SLICE_MS what the hook's writer thread (which wakes every
 * 10 ms) would have queued at RATE events/s.
 * --cpu-prof profiles the event path's process into DIR; it and --dry append no row to bench/RESULTS.md.
 */
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEventLine } from '../src/adapters/kea';
import { startEventSidecar } from './lib/event-sidecar';
import type { ProbedChild } from './lib/child-probe';
import { startLineCounter } from './lib/line-counter';
import { appendResult } from './lib/results';

const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, '0');

/**
 * Event `i` as the hook's JSON line: mostly what perfdhcp's clients produce (no hostname or client-id, classes ALL and
 * UNKNOWN), every 4th as a real client's (hostname, client-id, the ordinary pool's class), every 10th a release.
 */
export function eventLine(i: number, ts: number): string {
  const mac = `0c:${hex2(i >> 24)}:${hex2(i >> 16)}:${hex2(i >> 8)}:${hex2(i)}:01`;
  const real = i % 4 === 3;
  const type = i % 10 === 9 ? 'lease4_release' : 'lease4_committed';
  const address = `10.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`;
  const clientId = real ? `"01:${mac}"` : 'null';
  const hostname = real ? `"host-${i}"` : 'null';
  const classes = real ? '["ALL","IPORDINARY","UNKNOWN"]' : '["ALL","UNKNOWN"]';
  return `{"v":1,"type":"${type}","ts":${ts},"address":"${address}","hwaddr":"${mac}","client_id":${clientId},"hostname":${hostname},"subnet_id":1,"valid_lft":4000,"group":null,"classes":${classes}}\n`;
}

/** N lines as one buffer (built before the clock starts). */
function payload(n: number): Buffer {
  const ts = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(eventLine(i, ts + (i >> 3)));
  for (const l of lines.slice(0, 8)) if (!parseEventLine(l.slice(0, -1)).ok) throw new Error(`generated line rejected: ${l}`);
  return Buffer.from(lines.join(''));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `data` to `socket`: 64 KiB at a time with back-pressure, or paced at `rate` lines/s in `sliceMs` slices. */
async function send(socket: Socket, data: Buffer, lines: number, rate: number, sliceMs: number): Promise<void> {
  const write = (b: Buffer) => (socket.write(b) ? Promise.resolve() : new Promise<void>((r) => socket.once('drain', () => r())));
  if (rate <= 0) {
    for (let at = 0; at < data.length; at += 65536) await write(data.subarray(at, at + 65536));
    return;
  }
  // Cut on newlines so each slice holds whole events, as the hook's writer sends them.
  const perSlice = Math.max(1, Math.round((rate * sliceMs) / 1000));
  const start = performance.now();
  let at = 0;
  for (let sent = 0, slice = 0; sent < lines; slice++) {
    let end = at;
    for (let k = 0; k < perSlice && end < data.length; k++) end = data.indexOf(10, end) + 1;
    await write(data.subarray(at, end));
    sent += perSlice;
    at = end;
    const due = start + (slice + 1) * sliceMs - performance.now();
    if (due > 0) await sleep(due);
  }
}

/** One reader's cost: CPU µs per line, lines/s from the first write to the last line done. */
interface Cost {
  cpuPerEvent: number;
  perSecond: number;
}

/** Sends the payload to a probed child and waits until `done(stats)` covers every line. */
async function measure<S>(child: ProbedChild<S>, socket: string, data: Buffer, n: number, pace: { rate: number; sliceMs: number }, done: (s: S) => number): Promise<Cost> {
  const before = await child.sample();
  const conn = connect(socket);
  await new Promise<void>((r, j) => conn.once('connect', r).once('error', j));
  const t0 = performance.now();
  await send(conn, data, n, pace.rate, pace.sliceMs);
  let after = await child.sample();
  while (done(after.stats) < n) {
    await sleep(5);
    after = await child.sample();
  }
  const seconds = (performance.now() - t0) / 1000;
  conn.destroy();
  return { cpuPerEvent: (after.cpuMicros - before.cpuMicros) / n, perSecond: n / seconds };
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--cpu-prof');
  const n = Number(positional[0] ?? 200000);
  const rate = Number(positional[1] ?? 0);
  const sliceMs = Number(positional[2] ?? 10);
  const pace = { rate, sliceMs };
  const profIdx = process.argv.indexOf('--cpu-prof');
  const profDir = profIdx > 0 ? process.argv[profIdx + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-ingest-'));
  const data = payload(n);

  const bareSocket = join(dir, 'bare.sock');
  const bare = await startLineCounter(bareSocket);
  const anchor = await measure(bare, bareSocket, data, n, pace, (s) => s.lines);
  await bare.stop();

  const socket = join(dir, 'events.sock');
  const execArgv = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const sidecar = await startEventSidecar(socket, dir, { deployed: false, execArgv });
  const ours = await measure(sidecar, socket, data, n, pace, (s) => s.stored + s.malformed + s.sinkErrors);
  const stats = await sidecar.stop();
  if (stats.stored !== n) throw new Error(`stored ${stats.stored} of ${n} events (malformed ${stats.malformed}, sink errors ${stats.sinkErrors})`);
  process.stderr.write(`bare reader ${anchor.cpuPerEvent.toFixed(2)} µs/event, ${anchor.perSecond.toFixed(0)}/s; event path ${ours.cpuPerEvent.toFixed(2)} µs/event, ${ours.perSecond.toFixed(0)}/s\n`);
  if (profDir || process.argv.includes('--dry')) return;
  const how = rate > 0 ? `written at ${rate}/s in ${sliceMs} ms slices` : 'written 64 KiB at a time as fast as read';
  appendResult({
    benchmark: `Kea event ingest (KeaEventServer → SQLite store, as bench:kea-event-ingest's child), ${n} hook event lines (${(data.length / n).toFixed(0)} B avg) over one Unix socket, ${how}`,
    metric: `CPU µs per event (user+system of the reading process); ipshadow = event path (${ours.perSecond.toFixed(0)} events/s), anchor = bare reader counting newlines (${anchor.perSecond.toFixed(0)} lines/s); ratio = ipshadow ÷ anchor`,
    ipshadow: ours.cpuPerEvent,
    anchor: anchor.cpuPerEvent,
    ratio: ours.cpuPerEvent / anchor.cpuPerEvent,
    command: `npm run bench:kea-event-ingest -- ${n}${rate > 0 ? ` ${rate}${sliceMs !== 10 ? ` ${sliceMs}` : ''}` : ''}`,
  });
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
