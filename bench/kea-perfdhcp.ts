/**
 * perfdhcp leases/s with the ipshadow hook loaded and its events flowing to the real sidecar (KeaEventServer storing
 * into SQLite), divided by leases/s without the hook; the two alternate within one run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KeaEventServer, storeSink } from '../src/adapters/kea';
import { createLogger } from '../src/log/logger';
import { openStore } from '../src/store';
import { appendResult } from './lib/results';

const run = promisify(execFile);
const KEA_SH = join(__dirname, '..', '..', 'test', 'stack', 'kea.sh');

async function kea(version: string, ...args: string[]): Promise<string> {
  return (await run(KEA_SH, ['--kea', version, ...args], { maxBuffer: 16 << 20, timeout: 300000 })).stdout;
}

async function perf(version: string, rate: number, seconds: number): Promise<number> {
  const out = await kea(version, 'perf', '--rate', String(rate), '--seconds', String(seconds));
  return Number(/^Rate: ([\d.]+) 4-way/m.exec(out)?.[1] ?? 0);
}

async function main(): Promise<void> {
  const version = process.argv[2] ?? '2.2';
  const rate = Number(process.argv[3] ?? 20000);
  const rounds = Number(process.argv[4] ?? 3);
  const seconds = 8;
  const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ipshadow-bench-')), 'store.db')}`);
  const eventSocket = /^event socket: (.+)$/m.exec(await kea(version, 'status'))![1]!;
  const server = new KeaEventServer({ path: eventSocket, log: createLogger('warn'), sink: storeSink(store, () => () => null) });
  await server.start();
  const plain: number[] = [];
  const hooked: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    await kea(version, 'up', '--no-hook');
    plain.push(await perf(version, rate, seconds));
    await kea(version, 'up');
    hooked.push(await perf(version, rate, seconds));
    process.stderr.write(`round ${r}: no hook ${plain[r - 1]!.toFixed(0)}/s, hook + sidecar ${hooked[r - 1]!.toFixed(0)}/s (stored ${server.stats.stored} events)\n`);
  }
  await server.flush();
  await kea(version, 'down');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  appendResult({
    benchmark: `kea-dhcp4 ${version} leases/s, perfdhcp offered ${rate}/s, ${rounds} alternating rounds of ${seconds} s`,
    metric: 'leases/s (median); anchor = same Kea without the hook; ratio = hook / no hook',
    ipshadow: median(hooked),
    anchor: median(plain),
    ratio: median(hooked) / median(plain),
    command: `npm run bench:kea-perfdhcp -- ${version} ${rate} ${rounds}`,
  });
  await server.stop();
  await store.close();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
