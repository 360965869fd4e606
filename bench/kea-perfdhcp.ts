/**
 * perfdhcp leases/s with the ipshadow hook loaded and its events flowing to the real sidecar (KeaEventServer storing
 * into SQLite), divided by leases/s without the hook; the set-ups alternate within one run. Mode `events` runs the hook
 * with no groups (events only; the ordinary pool unguarded, as in that deployment) against no hook. Mode `ceiling` also runs
 * class-guarded pools without a hook and a do-nothing hook (bench/kea-empty-hook, built by its build.sh) on them.
 * Mode `events-floor` adds, to `events`, do-nothing hooks with the events-only callouts (pkt4_send alone; lease4_select +
 * pkt4_send), so one run says what Kea's hook framework costs before any work of ours: `npm run bench:kea-perfdhcp -- 2.6 20000 7 events-floor`.
 * Mode `callgrind` (Kea 2.2) counts kea-dhcp4's instructions per lease instead, which a loaded machine does not skew:
 * `npm run bench:kea-perfdhcp -- 2.2 20 1 callgrind` (perfdhcp at 20/s for 30 s per set-up; Kea under valgrind must keep
 * up, so a run with more than 2% drops is refused). It also measures the events-only hook (no groups configured, so no
 * pkt4_receive and no lease4_select) and the do-nothing hooks with only pkt4_send, and
 * with lease4_select + pkt4_send (the floors of an events-only hook), all on unguarded pools. A 6th argument sets
 * Kea's packet threads (0: multi-threading off): `npm run bench:kea-perfdhcp -- 2.6 20000 5 events 0`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HookCommands, unixControl } from '../src/adapters/kea';
import { startEventSidecar } from './lib/event-sidecar';
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

/** One Kea set-up measured in each round. */
interface Variant {
  name: string;
  up: string[];
  /** The ipshadow hook is loaded: its counters are read after each round. */
  hook?: boolean;
}

const EMPTY_DIR = join(__dirname, '..', '..', 'bench', 'kea-empty-hook', 'build');
const EMPTY_HOOK = join(EMPTY_DIR, 'libdhcp_empty.so');
const EMPTY_SELECT = join(EMPTY_DIR, 'libdhcp_empty_select.so');
const EMPTY_EVENTS = join(EMPTY_DIR, 'libdhcp_empty_events.so');
const HOOK_DIR = join(__dirname, '..', '..', 'hooks', 'kea');

const EVENTS_ONLY = 'ipshadow hook, events only (no groups) + sidecar';

const EMPTY_SEND_ONLY = 'do-nothing hook, pkt4_send + lease callouts';
const EMPTY_SELECT_SEND = 'do-nothing hook, lease4_select + pkt4_send + lease callouts';

/** Where Kea looks for the do-nothing hooks: the host build for 2.2, the root's hooks folder for 2.6. */
function emptyHooks(version: string): { select: string; send: string } {
  if (version === '2.2') return { select: EMPTY_SELECT, send: EMPTY_EVENTS };
  const dir = '/usr/lib/x86_64-linux-gnu/kea/hooks';
  return { select: join(dir, 'libdhcp_empty_select.so'), send: join(dir, 'libdhcp_empty_events.so') };
}

/**
 * `ceiling` adds the anchors that split the cost: class-guarded pools alone, and a do-nothing hook on them.
 * `events-floor` splits the events-only hook's cost the same way, in wall-clock leases/s: do-nothing hooks with
 * the callouts an events-only hook needs (pkt4_send alone, and lease4_select + pkt4_send, which Kea 2.2 uses),
 * all on unguarded pools.
 */
function variants(mode: string, version: string): Variant[] {
  const plain = { name: 'no hook', up: ['--no-hook'] };
  const hook = { name: 'ipshadow hook + sidecar', up: [], hook: true };
  // `events`: the hook as deployed without shadow groups (hosts rows and pre-leases only): lease events, no swaps.
  const events = { name: EVENTS_ONLY, up: ['--groups', '[]'], hook: true };
  if (mode === 'events') return [plain, events];
  if (mode === 'events-floor') {
    const empty = emptyHooks(version);
    return [plain, { name: EMPTY_SEND_ONLY, up: ['--no-hook', '--extra-lib', empty.send] }, { name: EMPTY_SELECT_SEND, up: ['--no-hook', '--extra-lib', empty.select] }, events];
  }
  if (mode !== 'ceiling') return [plain, hook];
  return [plain, { name: 'guarded pools', up: ['--no-hook', '--expr-guards'] }, { name: 'empty hook + guarded pools', up: ['--no-hook', '--expr-guards', '--extra-lib', EMPTY_HOOK] }, hook];
}

/** Instructions per lease of one set-up, from `kea.sh bench --callgrind`. */
interface CallgrindCount {
  acks: number;
  all: number;
  packetThread: number;
  drops: number;
}

/** kea-dhcp4 under callgrind for each set-up in turn (no alternation needed: the counts do not depend on load). */
async function callgrind(version: string, rate: number): Promise<void> {
  const seconds = 30;
  if (![EMPTY_HOOK, EMPTY_SELECT, EMPTY_EVENTS].every((f) => existsSync(f))) await run(join(__dirname, '..', '..', 'bench', 'kea-empty-hook', 'build.sh'));
  const { stdout } = await run(KEA_SH, ['--kea', version, 'bench', '--callgrind', '--rate', String(rate), '--seconds', String(seconds), '--empty-hook', EMPTY_HOOK, '--empty-select', EMPTY_SELECT, '--empty-events', EMPTY_EVENTS], { maxBuffer: 16 << 20, timeout: 1800000 });
  const counts = new Map<string, CallgrindCount>();
  for (const m of stdout.matchAll(/^callgrind (.+): (\d+) acks, (\d+) instructions\/lease \(all threads\), (\d+) \(packet thread\), (\d+) drops$/gm)) {
    counts.set(m[1]!, { acks: Number(m[2]), all: Number(m[3]), packetThread: Number(m[4]), drops: Number(m[5]) });
  }
  process.stderr.write(stdout);
  const get = (name: string) => counts.get(name) ?? (() => { throw new Error(`no callgrind count for '${name}'`); })();
  for (const [name, c] of counts) {
    // A dropped exchange costs Kea a DISCOVER without a lease, which inflates instructions per lease.
    if (c.drops > 0.02 * c.acks) throw new Error(`callgrind '${name}': ${c.drops} drops for ${c.acks} leases; Kea under valgrind fell behind, lower the rate`);
  }
  const plain = get('no hook');
  const hook = get('hook + listener');
  const command = `npm run bench:kea-perfdhcp -- ${version} ${rate} 1 callgrind`;
  const setup = `perfdhcp ${rate}/s for ${seconds} s per set-up (${hook.acks} and ${plain.acks} leases)`;
  // Every row: one set-up's instructions per lease against the no-hook run of the same callgrind session.
  const row = (what: string, metric: string, x: { all: number }) => appendResult({
    benchmark: `Kea instructions per lease, ${what} (callgrind); kea-dhcp4 ${version}, ${setup}`,
    metric, ipshadow: x.all, anchor: plain.all, ratio: plain.all / x.all, command,
  });
  row('hook+listener vs no hook', `instructions per lease, all threads (hook's writer thread included); ipshadow = hook with events flowing to the stand-in listener, anchor = no hook; ratio = anchor ÷ ipshadow (as leases/s would be if Kea were CPU-bound in user space); packet thread alone: ${hook.packetThread} vs ${plain.packetThread}`, hook);
  const empty = counts.get('empty hook + guarded pools');
  const guarded = counts.get('guarded pools');
  const noListener = counts.get('hook, no listener');
  if (empty && guarded && noListener) {
    row('do-nothing hook with the same callouts + guarded pools vs no hook', `instructions per lease, all threads; ipshadow = empty hook (bench/kea-empty-hook) on expression-guarded pools, anchor = no hook; ratio = anchor ÷ ipshadow; guarded pools alone ${guarded.all}, ipshadow hook without listener ${noListener.all}`, empty);
  }
  const events = counts.get('events-only hook + listener');
  const sendOnly = counts.get('empty hook pkt4_send only');
  const selectSend = counts.get('empty hook lease4_select+pkt4_send');
  if (events && sendOnly && selectSend) {
    row('events-only hook (no groups) + listener vs no hook', `instructions per lease, all threads; ipshadow = hook without groups (callouts pkt4_send and the lease callouts, the committed line read from the packets; pools unguarded) with events flowing to the stand-in listener, anchor = no hook; ratio = anchor ÷ ipshadow; floors (do-nothing hooks, unguarded pools): pkt4_send only ${sendOnly.all} (ratio ${(plain.all / sendOnly.all).toFixed(3)}), lease4_select + pkt4_send ${selectSend.all} (ratio ${(plain.all / selectSend.all).toFixed(3)})`, events);
  }
}

async function main(): Promise<void> {
  const version = process.argv[2] ?? '2.2';
  const rate = Number(process.argv[3] ?? 20000);
  const rounds = Number(process.argv[4] ?? 3);
  const mode = process.argv[5] ?? 'ratio';
  // A 6th argument sets Kea's packet threads (0: multi-threading off); without it Kea's own default (2.6: on).
  const threads = process.argv[6]?.startsWith('--') ? undefined : process.argv[6];
  const mt = threads === undefined ? [] : ['--threads', threads];
  if (mode === 'callgrind') return callgrind(version, rate);
  const seconds = 8;
  const status = await kea(version, 'status');
  const eventSocket = /^event socket: (.+)$/m.exec(status)![1]!;
  const hook = new HookCommands(unixControl(/^control socket: (.+)$/m.exec(status)![1]!.trim()));
  const events = { sent: 0, dropped: 0 };
  // As deployed (README: systemd Nice=10): the sidecar is best-effort next to Kea, in its own process and group.
  const [subnetId, prefix] = /^subnet: (\d+) (\S+)$/m.exec(status)!.slice(1) as [string, string];
  // --sidecar-idle (diagnostic): the sidecar under SCHED_IDLE, to see what its CPU share costs Kea on this machine.
  const idle = process.argv.includes('--sidecar-idle');
  const sidecar = await startEventSidecar(eventSocket.trim(), mkdtempSync(join(tmpdir(), 'ipshadow-bench-')), { subnets: [{ id: Number(subnetId), prefix }], idle });
  if (mode === 'events-floor') await run(join(__dirname, '..', '..', 'bench', 'kea-empty-hook', 'build.sh'), ['--kea', version], { maxBuffer: 16 << 20, timeout: 600000 });
  const vs = variants(mode, version);
  const rates = new Map<string, number[]>(vs.map((v) => [v.name, []]));
  for (let r = 1; r <= rounds; r++) {
    for (const v of vs) {
      await kea(version, 'up', ...v.up, ...mt);
      rates.get(v.name)!.push(await perf(version, rate, seconds));
      if (v.hook) {
        // Kea restarts for every round, so the hook's counters are this round's.
        const st = await hook.stats();
        events.sent += st.sent;
        events.dropped += st.dropped;
      }
    }
    process.stderr.write(`round ${r}: ${vs.map((v) => `${v.name} ${rates.get(v.name)![r - 1]!.toFixed(0)}/s`).join(', ')} (hook events sent so far ${events.sent})\n`);
  }
  await kea(version, 'down');
  const median = (name: string) => [...rates.get(name)!].sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  const row = (what: string, num: string, den: string) =>
    appendResult({
      benchmark: `kea-dhcp4 ${version} leases/s, ${what}; perfdhcp offered ${rate}/s, ${rounds} alternating rounds of ${seconds} s; ${threads === undefined ? "Kea's default threading" : threads === '0' ? 'multi-threading off' : `${threads} packet threads`}`,
      metric: `leases/s (median); ipshadow = ${num}, anchor = ${den}; hook events sent ${events.sent}, dropped ${events.dropped} (${((100 * events.dropped) / Math.max(1, events.sent + events.dropped)).toFixed(1)}%), sidecar in its own process, session and autogroup at nice 10${idle ? ' and under SCHED_IDLE' : ''}, hook writer thread at nice 10`,
      ipshadow: median(num),
      anchor: median(den),
      ratio: median(num) / median(den),
      command: `npm run bench:kea-perfdhcp -- ${version} ${rate} ${rounds}${mode === 'ratio' && threads === undefined ? '' : ` ${mode}`}${threads === undefined ? '' : ` ${threads}`}${idle ? ' --sidecar-idle' : ''}`,
    });
  if (mode === 'events' || mode === 'events-floor') row('events-only hook ÷ no hook (both on unguarded pools)', EVENTS_ONLY, 'no hook');
  else row('hook ÷ no hook', 'ipshadow hook + sidecar', 'no hook');
  if (mode === 'events-floor') {
    row("cost of Kea's hook framework alone: do-nothing hook with pkt4_send + lease callouts (the events-only set) ÷ no hook", EMPTY_SEND_ONLY, 'no hook');
    row("cost of Kea's hook framework alone: do-nothing hook with lease4_select + pkt4_send + lease callouts (Kea 2.2's events-only set until 2026-12-07) ÷ no hook", EMPTY_SELECT_SEND, 'no hook');
  }
  if (mode === 'ceiling') {
    row('cost of class-guarded pools alone', 'guarded pools', 'no hook');
    row("cost of Kea's hook framework (do-nothing hook, same callouts)", 'empty hook + guarded pools', 'guarded pools');
    row('ipshadow hook against the same guarded pools', 'ipshadow hook + sidecar', 'guarded pools');
  }
  const stats = await sidecar.stop();
  process.stderr.write(`event sidecar: received ${stats.received}, stored ${stats.stored}, malformed ${stats.malformed}, sink errors ${stats.sinkErrors}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
