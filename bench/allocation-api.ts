/**
 * Allocation API latency, hit against miss, in one run on the real stack: `ipshadow serve` against NetBox 4.7 and
 * Kea 2.2 with the hook. Hits are served from live shadow reservations (the store claims; NetBox is told in the
 * background); misses allocate on demand through NetBox available-ips and a Kea group push. Sequential requests over
 * HTTP, timed at the client. NetBox, PostgreSQL and Redis run under SCHED_IDLE at nice 19 while measured: in a
 * deployment they are other hosts, and here they would take the sidecar's core (`--local-stack` keeps their share, for
 * comparison).
 *
 *   npm run bench:allocation-api -- HITS MISSES [--local-stack]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { NetBoxBulk, NetBoxHttp } from '../src/adapters/netbox';
import { silentLogger } from '../src/log/logger';
import { appendResult } from './lib/results';
import { leanClient } from './lib/lean-client';
import { deprioritizeStack } from './lib/remote-stack';
import { ensureRange, startLiveSidecar } from './lib/sidecar';

const HITS = Number(process.argv[2] ?? 300);
const MISSES = Number(process.argv[3] ?? 60);
/** `--local-stack`: NetBox, PostgreSQL and Redis keep their CPU share (by default they run under SCHED_IDLE while measured, as remote hosts). */
const LOCAL_STACK = process.argv.includes('--local-stack');
/** Unmeasured hits first: the first requests of a fresh process run cold (JIT), which an operator's sidecar is not. */
const WARM = 20;
const TOKEN = 'bench-allocation-api-token-0123';
const HIT_GROUP = 'group:tag:bench-hit';
const MISS_GROUP = 'group:tag:bench-miss';
const KEA_SH = join(__dirname, '..', '..', 'test', 'stack', 'kea.sh');
const POOL = '10.64.8.0 - 10.64.15.255';

const env = Object.fromEntries(readFileSync(join(homedir(), '.cache', 'ipshadow', 'netbox.env'), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => l.split(/=(.*)/s).slice(0, 2).map((x) => x.replace(/^["']|["']$/g, ''))));
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const kea = (...args: string[]) => execFileSync(KEA_SH, ['--kea', '2.2', ...args], { encoding: 'utf8', env: { ...process.env, KEA_SHADOW_POOL: POOL } });

async function main(): Promise<void> {
  const http = new NetBoxHttp({ url: env.NETBOX_URL!, token: env.NETBOX_TOKEN!, timeoutMs: 30000, pageSize: 1000, retry: { max: 3, baseMs: 200, maxMs: 2000 }, log: silentLogger() });
  const rangeId = await ensureRange(http, '10.64.9.0/10', '10.64.15.255/10', 'ipshadow bench shadow range (allocation API latency)');
  const status = kea('status');
  const field = (n: string) => new RegExp(`^${n}: (.+)$`, 'm').exec(status)![1]!.trim();
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-bench-api-'));
  kea('down');
  await removeBenchRecords(http);
  const s = await startLiveSidecar({
    // A long NetBox timeout: a miss is a POST, which is never retried after a timeout (NetBox may have done it).
    dir, netbox: { url: env.NETBOX_URL!, token: env.NETBOX_TOKEN!, timeoutMs: 60_000 }, apiToken: TOKEN,
    kea: { eventSocket: field('event socket'), controlSocket: field('control socket') },
    // The production default tick (15 s): hits are measured against the loop an operator runs.
    engine: { tickSeconds: 15, ttlMinutes: 60, jitter: { fraction: 0 }, maxPerResource: HITS + WARM, maxGlobal: HITS + WARM + MISSES + 10, placements: [{ resource: 'group:tag:bench-*', source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
  });
  try {
    // Inside the try: a sidecar left running would reconcile the next run's records away as orphans.
    kea('up', '--groups', JSON.stringify([{ name: HIT_GROUP, 'mac-prefix': '0c:b1' }, { name: MISS_GROUP, 'mac-prefix': '0c:b2' }]));
    const now = Date.now();
    await s.api.post('/v1/shadow/entries', { entries: [{ resourceId: HIT_GROUP, asOfMs: now, horizonMs: 900_000, pAny: 0.99, quantiles: [{ p: 0.5, count: HITS + WARM }, { p: 0.9, count: HITS + WARM }], eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'bench', validUntilMs: now + 3_600_000 }] });
    for (let live = 0; live < HITS + WARM; ) {
      await new Promise((r) => setTimeout(r, 1000));
      live = ((await s.api.get('/v1/reservations', { params: { state: 'live', resource: HIT_GROUP } })).data as unknown[]).length;
      process.stderr.write(`\rwarming: ${live}/${HITS + WARM} live shadow reservations`);
    }
    process.stderr.write('\n');
    // The client's own GC pauses: a slow hit that overlaps one was slowed in the client, not the server.
    const clientGc: Array<{ start: number; end: number }> = [];
    const gcWatch = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) clientGc.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    gcWatch.observe({ entryTypes: ['gc'] });
    let lastSpan = { start: 0, end: 0 };
    const timed = async (request: () => Promise<unknown>) => {
      const start = performance.now();
      await request();
      lastSpan = { start, end: performance.now() };
      return lastSpan.end - start;
    };
    // Timed requests go through a lean keep-alive client: axios's own per-call work is not the server's latency.
    const lean = leanClient(String(s.api.defaults.baseURL), TOKEN);
    const time = (resource: string, key: string, want: string) => timed(async () => {
      const res = await lean.post('/v1/allocations', { resource, key });
      if ((res.data as { outcome?: string } | null)?.outcome !== want) throw new Error(`${key}: expected a ${want}, got ${res.status} ${JSON.stringify(res.data)}`);
    });
    const hitSpans: Array<{ start: number; end: number }> = [];
    const hits: number[] = [], misses: number[] = [], failed: string[] = [], health: number[] = [];
    // A miss NetBox could not serve (timed out under load) is counted and reported, not fatal: the hits stand.
    const miss = async (key: string) => {
      try {
        misses.push(await time(MISS_GROUP, key, 'miss'));
      } catch (err) {
        failed.push(`${key}: ${(err as Error).message.slice(0, 160)}`);
      }
    };
    for (let i = 0; i < WARM; i++) await time(HIT_GROUP, `warm-${i}`, 'hit');
    const gcBefore = gcCounts(String((await lean.get('/metrics')).data ?? ''));
    const stack = LOCAL_STACK ? null : deprioritizeStack();
    if (stack) process.stderr.write(`NetBox, PostgreSQL and Redis: ${stack.threads} threads under SCHED_IDLE at nice 19 while measured\n`);
    try {
      // Interleaved, spread over the whole run, so both see the same machine.
      const every = Math.max(1, Math.floor(HITS / Math.max(1, MISSES)));
      for (let i = 0; i < Math.max(HITS, MISSES); i++) {
        if (i < HITS) {
          hits.push(await time(HIT_GROUP, `hit-${i}`, 'hit'));
          hitSpans.push(lastSpan);
          // The floor of any request on this machine: GET /healthz (one store read) over the same client and server.
          health.push(await timed(() => lean.get('/healthz')));
        }
        if (i % every === 0 && i / every < MISSES) await miss(`miss-${i}`);
      }
    } finally {
      stack?.restore();
    }
    const after = String((await lean.get('/metrics')).data ?? '');
    const gc = gcDelta(gcBefore, gcCounts(after));
    // prom-client resets its event-loop delay histogram at every scrape: these cover the measured window.
    const lag = (q: string) => 1000 * Number(new RegExp(`^ipshadow_nodejs_eventloop_lag_${q}_seconds (\\S+)`, 'm').exec(after)?.[1] ?? NaN);
    const loop = `sidecar event-loop delay p99 ${lag('p99').toFixed(2)} ms, max ${lag('max').toFixed(2)} ms`;
    process.stderr.write(`sidecar GC pauses while measured: ${gc.summary}; ${loop}\n`);
    // The same hits timed inside the server (route entry to answer), to tell the process's own time from the rest.
    const served = s.events('allocation.served');
    const inServer = served.filter((e) => String(e.key).startsWith('hit-')).map((e) => Number(e.ms));
    process.stderr.write(`hits: p50 ${quantile(hits, 0.5).toFixed(2)} ms, p99 ${quantile(hits, 0.99).toFixed(2)} ms; in the server p50 ${quantile(inServer, 0.5).toFixed(2)} ms, p99 ${quantile(inServer, 0.99).toFixed(2)} ms; GET /healthz p50 ${quantile(health, 0.5).toFixed(2)} ms, p99 ${quantile(health, 0.99).toFixed(2)} ms\n`);
    for (let i = misses.length + failed.length; i < MISSES; i++) await miss(`miss-x${i}`);
    if (failed.length > 0) process.stderr.write(`failed misses (${failed.length}):\n  ${failed.join('\n  ')}\n`);
    gcWatch.disconnect();
    // The slowest 1% of hits, and how many of them overlapped a GC pause of the timing client itself.
    const tail = hits.map((ms, i) => ({ ms, span: hitSpans[i]! })).sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(hits.length / 100)));
    const clientSlowed = tail.filter((h) => clientGc.some((g) => g.start < h.span.end && g.end > h.span.start)).length;
    const clientGcNote = `${clientSlowed} of the ${tail.length} slowest hits overlapped a GC pause of the timing client (${clientGc.length} pauses)`;
    process.stderr.write(`${clientGcNote}\n`);
    const slowest = hits.map((ms, i) => [ms, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
    // BENCH_DUMP=FILE keeps every hit's client and server times, for looking into the tail.
    if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ hits, health, served, gc, log: s.log() }));
    process.stderr.write(`slowest hits (ms @ index): ${slowest.map(([ms, i]) => `${ms.toFixed(1)} @ ${i}`).join(', ')}\n`);
    const cmd = `npm run bench:allocation-api -- ${HITS} ${MISSES}${LOCAL_STACK ? ' --local-stack' : ''}`;
    const where = LOCAL_STACK ? 'NetBox, PostgreSQL and Redis at their normal CPU share' : 'NetBox, PostgreSQL and Redis under SCHED_IDLE at nice 19 while measured (remote hosts in a deployment)';
    const what = `allocation API (ipshadow serve, real NetBox 4.7 + Kea 2.2; ${where}), ${HITS} hits (after ${WARM} unmeasured) vs ${misses.length} on-demand misses${failed.length ? ` (${failed.length} more failed: NetBox timed out)` : ''}, sequential HTTP`;
    for (const p of [0.5, 0.99]) {
      const h = quantile(hits, p), m = quantile(misses, p);
      appendResult({ benchmark: what, metric: `p${p * 100} latency ms at the client (a lean keep-alive client); ipshadow = hit (live shadow address; ${quantile(inServer, p).toFixed(2)} ms of it in the server; GET /healthz on the same client ${quantile(health, p).toFixed(2)} ms), anchor = miss (on-demand through NetBox+Kea); ratio = miss ÷ hit; sidecar GC while measured: ${gc.summary}; ${loop}; ${clientGcNote}`, ipshadow: h, anchor: m, ratio: m / h, command: cmd });
    }
    lean.close();
  } finally {
    await s.stop();
    kea('down');
    // A cleanup failure must not hide the measurement's own error; the next run's start cleans up again.
    await removeBenchRecords(http).catch((err: Error) => process.stderr.write(`cleanup: ${err.message}\n`));
  }
}

/** The sidecar's GC pause histogram from /metrics (prom-client's default metrics): cumulative counts by kind and bucket. */
function gcCounts(metrics: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of metrics.matchAll(/^ipshadow_nodejs_gc_duration_seconds_bucket\{le="([^"]+)",kind="([^"]+)"\} (\d+)/gm)) counts.set(`${m[2]} ${m[1]}`, Number(m[3]));
  return counts;
}

/** GC pauses between two scrapes: how many, and how many over 1 ms and over 10 ms. */
function gcDelta(before: Map<string, number>, after: Map<string, number>): { total: number; over1ms: number; over10ms: number; summary: string } {
  const d = (kind: string, le: string) => (after.get(`${kind} ${le}`) ?? 0) - (before.get(`${kind} ${le}`) ?? 0);
  const kinds = [...new Set([...after.keys()].map((k) => k.split(' ')[0]!))];
  const sum = (le: string) => kinds.reduce((n, k) => n + d(k, le), 0);
  const total = sum('+Inf'), over1ms = total - sum('0.001'), over10ms = total - sum('0.01');
  // By kind (minor = scavenge, major = mark-compact, incremental = marking steps, weakcb = weak callbacks).
  const byKind = kinds.map((k) => [k, d(k, '+Inf'), d(k, '+Inf') - d(k, '0.001')] as const).filter(([, n]) => n > 0).map(([k, n, slow]) => `${k} ${n} (${slow} over 1 ms)`).join(', ');
  return { total, over1ms, over10ms, summary: `${total} pauses, ${over1ms} over 1 ms, ${over10ms} over 10 ms: ${byKind}` };
}

/** Deletes the bench's NetBox records (left by this run, or by one that died); the range stays for the next run. */
async function removeBenchRecords(http: NetBoxHttp): Promise<void> {
  const mine = (await http.all<{ id: number; custom_fields: Record<string, unknown> }>('/api/ipam/ip-addresses/', { tag: 'ipshadow' })).filter((ip) => String(ip.custom_fields.ipshadow_resource ?? '').startsWith('group:tag:bench-'));
  await new NetBoxBulk(http).remove('/api/ipam/ip-addresses/', mine.map((ip) => ip.id));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
