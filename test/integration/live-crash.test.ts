/**
 * Issue 6 crash safety, everything real: `ipshadow serve` is killed with SIGKILL at random moments while it creates,
 * publishes, claims (allocation API hits and on-demand misses), cancels and expires reservations against NetBox and
 * Kea 2.2, and restarted each time. After the last restart's reconcile: 0 orphans, 0 duplicates and 0 lost claims,
 * checked against NetBox, Kea's hook lists and the store directly. bench/live-crash.ts runs the same loop 200 times.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookCommands, unixControl } from '../../src/adapters/kea';
import type { ShadowEntry } from '../../src/core/shadow';
import { seededRandom } from '../../src/core/random';
import { openStore } from '../../src/store';
import { keaStatus, stack, type KeaStack } from './helpers/kea';
import { netboxEnv, netboxHttp, prepareLiveNetbox, shadowRecordsOf } from './helpers/netbox';
import { ensureRange, startLiveSidecar, type LiveStack, type Sidecar } from './helpers/sidecar';

const KILLS = Number(process.env.CRASH_TEST_KILLS ?? 50);
const VERSION = '2.2' as const;
const RESOURCE = 'group:tag:crash-web';
const TOKEN = 'live-crash-api-token-0123456789';

type Answer = { key: string; address: string; reservationId: string; outcome: string };

describe(`crash safety: ${KILLS} × kill -9 of the sidecar on real NetBox and Kea ${VERSION}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-crash-'));
  const rnd = seededRandom(Number(process.env.CRASH_TEST_SEED ?? 11));
  const answers = new Map<string, Answer>();
  const asked: string[] = [];
  const repairs = { recovered: 0, orphans: 0, duplicates: 0, statesFixed: 0, rolledBack: 0, republished: 0, withdrawn: 0 };
  let kea: KeaStack;
  let stackConfig: LiveStack;

  const start = async (): Promise<Sidecar> => {
    const s = await startLiveSidecar(stackConfig);
    for (const r of s.events('engine.reconciled')) for (const k of Object.keys(repairs) as Array<keyof typeof repairs>) repairs[k] += Number(r[k] ?? 0);
    return s;
  };
  const entry = (count: number): ShadowEntry => ({
    resourceId: RESOURCE, asOfMs: Date.now(), horizonMs: 15 * 60_000, pAny: 0.95, quantiles: [{ p: 0.5, count }, { p: 0.9, count }],
    eta: null, resourceType: 'group', expectedBandwidthBps: null, model: 'crash-test', validUntilMs: Date.now() + 600_000,
  });
  const refused: string[] = [];
  const allocate = async (s: Sidecar, key: string, final = false) => {
    const res = await s.api.post('/v1/allocations', { resource: RESOURCE, key }).catch(() => undefined);
    if (res && res.status < 300) answers.set(key, { key, ...(res.data as Omit<Answer, 'key'>) });
    else if (final) refused.push(`${key}: ${res?.status} ${JSON.stringify(res?.data)}`);
  };

  beforeAll(async () => {
    await prepareLiveNetbox((id) => id === RESOURCE);
    // Each life claims two addresses for good; bench/live-crash.ts widens Kea's guarded pool and this range for 200 lives.
    const [first, last] = (process.env.CRASH_TEST_RANGE ?? '10.64.8.100-10.64.8.220').split('-');
    const rangeId = await ensureRange(netboxHttp(), `${first}/10`, `${last}/10`, 'ipshadow crash-test shadow range (the Kea test stack\'s guarded pool)');
    await stack('kea.sh', ['--kea', VERSION, 'down']);
    kea = await keaStatus(VERSION);
    const { url, token } = netboxEnv();
    stackConfig = {
      dir, netbox: { url, token, retry: { max: 2, baseMs: 100, maxMs: 500 } }, apiToken: TOKEN, kea,
      engine: { tickSeconds: 0.2, reconcileSeconds: 30, ttlMinutes: 0.2, jitter: { fraction: 0 }, maxPerResource: 6, placements: [{ resource: RESOURCE, source: { kind: 'ip-range', id: rangeId }, binding: 'group' }] },
    };
    await stack('kea.sh', ['--kea', VERSION, 'up', '--groups', JSON.stringify([{ name: RESOURCE, 'mac-prefix': '0c:c7' }])]);
  });
  afterAll(async () => {
    await stack('kea.sh', ['--kea', VERSION, 'down']).catch(() => undefined);
  });

  it('leaves no orphan, no duplicate and no lost claim, in NetBox, Kea and the store', async () => {
    for (let i = 1; i <= KILLS; i++) {
      const s = await start();
      // Targets move between 1 and 5, so each life creates, cancels and (TTL 12 s) expires reservations.
      const pushed = s.api.post('/v1/shadow/entries', { entries: [entry(1 + Math.floor(rnd() * 5))] }).catch(() => undefined);
      const keys = [`k${i}a`, `k${i}b`];
      asked.push(...keys);
      const calls = [pushed, ...keys.map((k) => allocate(s, k))];
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 1500)));
      await s.kill9();
      await Promise.allSettled(calls);
    }

    // The next start reconciles; then every key is retried, as a client whose request was cut off would.
    const s = await start();
    for (const key of asked) await allocate(s, key, true);
    await s.stop();
    // A request a killed process had in flight can land in NetBox after that start's reconcile; periodic reconcile
    // catches it, and so does this last start, once NetBox is quiet.
    await (await start()).stop();

    const records = await shadowRecordsOf((id) => id === RESOURCE);
    const groups = await new HookCommands(unixControl(kea.controlSocket)).groups();
    const store = await openStore(`sqlite:${join(dir, 'store.db')}`);
    const all = await store.reservations.list({ resourceId: RESOURCE, limit: 1_000_000 });
    await store.close();
    const held = all.filter((r) => r.state === 'live' || r.state === 'claimed');
    process.stdout.write(`crash test: ${KILLS} kills, ${all.length} reservations (${held.length} held), ${answers.size}/${asked.length} keys answered, repairs ${JSON.stringify(repairs)}\n`);

    // Every reservation finished its journey: nothing is left half-written.
    expect(all.filter((r) => !['live', 'claimed', 'released'].includes(r.state)).map((r) => r.state)).toEqual([]);
    // NetBox holds exactly one record per held reservation, at its address: no orphans, no duplicates.
    const byId = new Map(held.map((r) => [r.id, r]));
    expect(records.filter((x) => !x.reservationId || !byId.has(x.reservationId)).map((x) => x.address)).toEqual([]);
    expect(new Set(records.map((x) => x.reservationId)).size).toBe(records.length);
    expect(new Set(records.map((x) => x.address)).size).toBe(records.length);
    expect(records.length).toBe(held.length);
    for (const x of records) {
      const r = byId.get(x.reservationId!)!;
      expect([x.address.split('/')[0], x.state, x.status]).toEqual([r.address, r.state, r.state === 'claimed' ? 'dhcp' : 'reserved']);
    }
    // Kea's group list is exactly the held addresses.
    expect([...(groups[RESOURCE]?.addresses ?? [])].sort()).toEqual(held.map((r) => r.address!).sort());
    expect(refused).toEqual([]);
    // Every key got one answer, each answer is a distinct claimed reservation, and nothing else was claimed.
    expect(answers.size).toBe(asked.length);
    const claimed = held.filter((r) => r.state === 'claimed');
    expect(new Set([...answers.values()].map((a) => a.reservationId)).size).toBe(answers.size);
    expect(claimed.map((r) => r.id).sort()).toEqual([...answers.values()].map((a) => a.reservationId).sort());
    for (const a of answers.values()) expect(byId.get(a.reservationId)?.address).toBe(a.address);
    // The kills did land mid-lifecycle: the restarts had work to repair.
    expect(repairs.recovered + repairs.orphans + repairs.duplicates + repairs.statesFixed + repairs.rolledBack + repairs.republished + repairs.withdrawn).toBeGreaterThan(0);
  }, 120_000 + KILLS * 4_000);
});
