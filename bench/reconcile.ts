/**
 * Issue 6: reconcile time for N live reservations (goal ≤ 60 s at 10k) on the real NetBox 4.7 and Kea 2.2.
 * Sets up N reservations consistently in the store (SQLite, through the reservation repo), NetBox (bulk POST of the
 * records reserve() writes) and Kea (60% hook group lists, 20% hosts-database rows, 20% lease4-add pre-leases; 10%
 * claimed), then measures, side by side: the bare reads reconcile cannot avoid (store lists, every tagged NetBox
 * record, Kea's hosts rows, leases and group lists), a clean reconcile, and a reconcile after known damage (1% orphans,
 * 1% records deleted in NetBox, 1% missing in Kea, duplicates, lagging states, stale Kea rows). Every repair is checked
 * against NetBox, Kea and the store directly, and so is everything that must not change. Exits 1 when reconcile is wrong.
 *
 *   KEA_STACK_ID=h3 npm run bench:reconcile -- 10000
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HookCommands, HostsDbWriter, KeaDhcpServer, PreLeaseWriter, run, unixControl, type KeaLease } from '../src/adapters/kea';
import { NetBoxBulk, NetBoxHttp, NetBoxSetup, NetBoxSourceOfTruth, ShadowWriter, shadowBody } from '../src/adapters/netbox';
import { formatV4, parseIp } from '../src/core/ip';
import { systemClock, type DhcpBinding, type SourceOfTruth } from '../src/core/ports';
import type { ReservationState } from '../src/core/reservation';
import { AllocationEngine, enginePolicy, type Placement } from '../src/engine';
import { createLogger } from '../src/log/logger';
import { openStore, type Store } from '../src/store';
import { netboxEnv } from './lib/netbox';
import { appendResult } from './lib/results';

const N = Number(process.argv[2] ?? 10000);
const STACK_ID = process.env.KEA_STACK_ID ?? 'rec';
const FIRST = parseIp('10.64.32.0')!.value;
const LAST = parseIp('10.64.71.255')!.value;
const PREFIX = 'bench:reconcile-';
const FOREIGN = `${PREFIX}foreign`;
const GROUPS = 20;
const TAG = 'ipshadow';
const IP_PATH = '/api/ipam/ip-addresses/';
const HOSTS_DB = `ipshadow_reconcile_${STACK_ID}`;
const REPO = join(__dirname, '..', '..');
const log = createLogger('warn');

const addr = (i: number) => formatV4(FIRST + BigInt(i));
const mac = (kind: number, i: number) => `0c:b3:0${kind}:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const say = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  }));
  return out;
}

function stack(script: string, args: string[]): string {
  return execFileSync(join(REPO, 'test', 'stack', script), args, {
    encoding: 'utf8', env: { ...process.env, KEA_STACK_ID: STACK_ID, KEA_SHADOW_POOL: '10.64.32.0 - 10.64.71.255' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000,
  });
}

/** One reservation of the world. */
interface Item {
  i: number;
  kind: 'group' | 'host' | 'pre-lease';
  resourceId: string;
  mac: string | null;
  address: string;
  claimed: boolean;
  id: string;
  recordId: number;
}

/** The world's resources: 60% group members (20 groups), 20% known MACs with a hosts row, 20% with a pre-lease. */
function plan(n: number): Item[] {
  return Array.from({ length: n }, (_, i): Item => {
    const kind = i % 5 < 3 ? 'group' : i % 5 === 3 ? 'host' : 'pre-lease';
    const resourceId = kind === 'group' ? `${PREFIX}g${String(i % GROUPS).padStart(2, '0')}` : `${PREFIX}${kind === 'host' ? 'h' : 'p'}${i}`;
    return { i, kind, resourceId, mac: kind === 'group' ? null : mac(kind === 'host' ? 1 : 2, i), address: addr(i), claimed: i % 10 === 7, id: '', recordId: 0 };
  });
}

/** Everything the checks compare, read straight from NetBox, Kea and the store (not through reconcile's read paths). */
interface Snapshot {
  netbox: Map<number, string>;
  hosts: string[];
  leases: string[];
  groups: Record<string, string[]>;
  store: Map<string, ReservationState>;
}

class World {
  readonly dir = mkdtempSync(join(tmpdir(), 'ipshadow-reconcile-'));
  // Setup, damage and cleanup: long timeouts (one NetBox process, shared and busy). Reconcile: the config defaults.
  readonly http = new NetBoxHttp({ ...netboxEnv(), timeoutMs: 900_000, pageSize: 1000, retry: { max: 12, baseMs: 500, maxMs: 15_000 }, log });
  readonly bulk = new NetBoxBulk(this.http);
  readonly writer = new ShadowWriter(this.http, this.bulk, TAG, log);
  readonly live = new ShadowWriter(new NetBoxHttp({ ...netboxEnv(), timeoutMs: 15_000, pageSize: 1000, retry: { max: 5, baseMs: 250, maxMs: 8000 }, log }), this.bulk, TAG, log);
  readonly items = plan(N);
  readonly macs = new Map(this.items.filter((x) => x.mac).map((x) => [x.resourceId, x.mac!]));
  store!: Store;
  control!: ReturnType<typeof unixControl>;
  hosts!: HostsDbWriter;
  hostsPg!: pg.Pool;
  dhcp!: KeaDhcpServer;
  spare = N;

  /** Placement: ours are `bench:reconcile-*` except the foreign ones (another instance's on the same NetBox and Kea). */
  placement = (resourceId: string): Placement | null => {
    if (!resourceId.startsWith(PREFIX) || resourceId.startsWith(FOREIGN)) return null;
    // The source only matters for new allocations, which reconcile never makes.
    return {
      source: { kind: 'ip-range', id: 0 },
      binding: (address): DhcpBinding => {
        const m = this.macs.get(resourceId);
        if (!m) return { kind: 'group', group: resourceId };
        return { kind: resourceId.startsWith(`${PREFIX}h`) ? 'host' : 'pre-lease', hwaddr: m, subnetId: 1 };
      },
    };
  };

  nextSpare(): string {
    if (FIRST + BigInt(this.spare) > LAST) throw new Error('out of bench addresses');
    return addr(this.spare++);
  }

  async startKea(): Promise<void> {
    stack('kea.sh', ['--kea', '2.2', 'down']);
    stack('kea-hosts-db.sh', ['--kea', '2.2', HOSTS_DB]);
    const rules = [...Array.from({ length: GROUPS }, (_, g) => ({ name: `${PREFIX}g${String(g).padStart(2, '0')}`, 'mac-prefix': `0c:b4:${g.toString(16).padStart(2, '0')}` })), { name: FOREIGN, 'mac-prefix': '0c:b5' }];
    stack('kea.sh', ['--kea', '2.2', 'up', '--hosts-db', HOSTS_DB, '--groups', JSON.stringify(rules)]);
    const status = stack('kea.sh', ['--kea', '2.2', 'status']);
    const socket = /^control socket: (.+)$/m.exec(status)![1]!.trim();
    this.control = unixControl(socket, { timeoutMs: 60_000 });
    const url = `postgres://postgres@127.0.0.1:5432/${HOSTS_DB}`;
    this.hosts = new HostsDbWriter(url);
    this.hostsPg = new pg.Pool({ connectionString: url, max: 2 });
    this.dhcp = new KeaDhcpServer({ hook: new HookCommands(this.control), preLeases: new PreLeaseWriter(this.control), hosts: this.hosts, preLeaseLifetimeS: 86400 });
  }

  /** Our records left by an earlier run (tag ipshadow, resource bench:reconcile-*). */
  async leftovers(): Promise<number[]> {
    return (await this.writer.list()).filter((r) => r.resourceId?.startsWith(PREFIX)).map((r) => r.ipId);
  }

  /** Creates NetBox records exactly as reserve() writes them, at fixed addresses, 250 per POST, one at a time. */
  async createRecords(specs: ReadonlyArray<{ address: string; reservationId: string; resourceId: string; state: ReservationState; status: string }>): Promise<number[]> {
    const expiresAt = Date.now() + 86_400_000;
    const bodies = specs.map((s) => ({ ...shadowBody({ reservationId: s.reservationId, resourceId: s.resourceId, confidence: 0.9, expiresAt, state: s.state }, TAG), address: `${s.address}/10`, status: s.status }));
    const chunks: object[][] = [];
    for (let i = 0; i < bodies.length; i += 250) chunks.push(bodies.slice(i, i + 250));
    return (await mapLimit(chunks, 1, (c) => this.bulk.create<{ id: number }>(IP_PATH, c))).flat().map((r) => r.id);
  }

  async setup(): Promise<void> {
    this.store = await openStore(`sqlite:${join(this.dir, 'store.db')}`);
    const now = Date.now();
    const since = () => `${seconds(Date.now() - now)} s`;
    for (const x of this.items) {
      const { reservation } = await this.store.reservations.createIntent({ idempotencyKey: `${x.resourceId}#${x.i}`, resourceId: x.resourceId, confidence: 0.9, expiresAt: now + 86_400_000, mac: x.mac, sourceKind: 'ip-range', sourceId: 0 }, now);
      x.id = reservation.id;
    }
    const ids = await this.createRecords(this.items.map((x) => ({ address: x.address, reservationId: x.id, resourceId: x.resourceId, state: x.claimed ? 'claimed' : 'live', status: x.claimed ? 'dhcp' : 'reserved' })));
    this.items.forEach((x, k) => (x.recordId = ids[k]!));
    say(`netbox: ${ids.length} records (${since()})`);
    const r = this.store.reservations;
    for (const x of this.items) {
      await r.transition(x.id, 'netbox_written', { address: x.address, netboxIpId: x.recordId }, { now });
      await r.transition(x.id, 'kea_written', {}, { now });
      await r.transition(x.id, 'live', {}, { now });
      if (x.claimed) await r.transition(x.id, 'claimed', {}, { now });
    }
    say(`store: done (${since()})`);
    // Kea: one group push; hosts rows and pre-leases through the adapter's own writers, a few in flight.
    const groups: Record<string, string[]> = {};
    for (const x of this.items) if (x.kind === 'group') (groups[x.resourceId] ??= []).push(x.address);
    await this.dhcp.setGroups(groups);
    await mapLimit(this.items.filter((x) => x.kind === 'host'), 4, (x) => this.hosts.upsert({ hwaddr: x.mac!, subnetId: 1, address: x.address, reservationId: x.id, resourceId: x.resourceId }));
    // A claimed pre-lease has become the client's own lease (no ipshadow user-context), as Kea keeps it.
    await mapLimit(this.items.filter((x) => x.kind === 'pre-lease'), 8, (x) => run(this.control, 'lease4-add', {
      'ip-address': x.address, 'hw-address': x.mac, 'subnet-id': 1, 'valid-lft': 86400,
      ...(!x.claimed && { 'user-context': { ipshadow: { reservation: x.id, resource: x.resourceId } } }),
    }));
    say(`kea: done (${since()})`);
  }

  /** Another instance's reservations on the same NetBox and Kea: reconcile must leave them alone. */
  async foreign(): Promise<void> {
    const specs = Array.from({ length: 5 }, () => ({ address: this.nextSpare(), reservationId: randomUUID(), resourceId: FOREIGN, state: 'live' as const, status: 'reserved' }));
    await this.createRecords(specs);
    await this.dhcp.setGroups({ ...(await this.groups()), [FOREIGN]: specs.slice(0, 3).map((s) => s.address) });
    await this.hosts.upsert({ hwaddr: '0c:b5:00:00:00:01', subnetId: 1, address: specs[3]!.address, reservationId: specs[3]!.reservationId, resourceId: FOREIGN });
    await this.dhcp.publish([{ reservationId: specs[4]!.reservationId, resourceId: FOREIGN, address: specs[4]!.address, binding: { kind: 'pre-lease', hwaddr: '0c:b5:00:00:00:02', subnetId: 1 } }]);
  }

  async groups(): Promise<Record<string, string[]>> {
    const g = (await run<{ groups: Record<string, { addresses: string[] }> }>(this.control, 'ipshadow-groups-get', undefined, true))?.groups ?? {};
    return Object.fromEntries(Object.entries(g).map(([k, v]) => [k, [...v.addresses].sort()]));
  }

  async snapshot(): Promise<Snapshot> {
    const ips = await this.http.all<{ id: number; address: string; status: { value: string }; custom_fields: Record<string, unknown> }>(IP_PATH, { tag: TAG });
    const netbox = new Map<number, string>();
    for (const ip of ips) {
      const cf = ip.custom_fields;
      if (!String(cf.ipshadow_resource ?? '').startsWith(PREFIX)) continue;
      const state = (cf.ipshadow_state as { value?: string } | string | null);
      netbox.set(ip.id, JSON.stringify([ip.address, ip.status.value, typeof state === 'string' ? state : state?.value, cf.ipshadow_reservation, cf.ipshadow_resource]));
    }
    const hosts = (await this.hostsPg.query<{ a: string; m: string; s: number; c: string }>("SELECT ipv4_address AS a, encode(dhcp_identifier, 'hex') AS m, dhcp4_subnet_id AS s, user_context AS c FROM hosts"))
      .rows.map((h) => JSON.stringify([formatV4(BigInt(h.a)), h.m, h.s, h.c])).sort();
    const all = (await run<{ leases: KeaLease[] }>(this.control, 'lease4-get-all', undefined, true))?.leases ?? [];
    const leases = all.map((l) => JSON.stringify([l['ip-address'], l['hw-address'], l['subnet-id'], l['user-context'] ?? null])).sort();
    const store = new Map((await this.store.reservations.list({ limit: Number.MAX_SAFE_INTEGER })).map((r) => [r.id, r.state]));
    return { netbox, hosts, leases, groups: await this.groups(), store };
  }

  async cleanup(): Promise<void> {
    const t = Date.now();
    await this.writer.remove(await this.leftovers()).catch((e) => say(`cleanup: NetBox: ${(e as Error).message}`));
    say(`cleanup: NetBox records deleted in ${seconds(Date.now() - t)} s`);
    await this.hosts?.close();
    await this.hostsPg?.end();
    await this.store?.close();
    try { stack('kea.sh', ['--kea', '2.2', 'down']); stack('kea-hosts-db.sh', ['drop', HOSTS_DB]); } catch (e) { say(`cleanup: Kea: ${(e as Error).message}`); }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Records every write reconcile sends to NetBox, so the checks can prove it touched nothing but the damage. */
function recording(sot: SourceOfTruth) {
  const released: number[] = [];
  const stated: number[] = [];
  const wrapped: SourceOfTruth = {
    allocate: () => { throw new Error('reconcile must not allocate'); },
    setState: (ids, ...rest) => { stated.push(...ids); return sot.setState(ids, ...rest); },
    release: (ids) => { released.push(...ids); return sot.release(ids); },
    listShadow: () => sot.listShadow(),
  };
  return { wrapped, released, stated };
}

const failures: string[] = [];
function check(what: string, ok: boolean, detail: unknown = ''): void {
  if (!ok) failures.push(`${what} ${typeof detail === 'string' ? detail : JSON.stringify(detail).slice(0, 600)}`);
}
const sameList = (what: string, got: readonly string[], want: readonly string[]) => {
  const g = new Set(got), w = new Set(want);
  check(what, got.length === want.length && want.every((x) => g.has(x)), { missing: want.filter((x) => !g.has(x)).slice(0, 5), extra: got.filter((x) => !w.has(x)).slice(0, 5), got: got.length, want: want.length });
};

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  const w = new World();
  const t0 = Date.now();
  try {
    const setupApp = new NetBoxSetup(w.http, log);
    await setupApp.run({ tag: TAG });
    await w.writer.remove(await w.leftovers());
    await w.startKea();
    await w.setup();
    await w.foreign();
    const setupMs = Date.now() - t0;
    say(`setup: ${seconds(setupMs)} s for ${N} reservations`);

    const rec = recording(new NetBoxSourceOfTruth(w.live));
    const engine = new AllocationEngine({
      store: w.store, sot: rec.wrapped, dhcp: w.dhcp, clock: systemClock, placement: w.placement,
      policy: enginePolicy({ ttlMs: 86_400_000 }),
    });
    const HOLDING: ReservationState[] = ['netbox_written', 'kea_written', 'live', 'claimed'];
    const bareReads = () => timed(async () => {
      await w.store.reservations.list({ states: HOLDING, limit: Number.MAX_SAFE_INTEGER });
      await w.store.reservations.list({ states: ['intent'], limit: Number.MAX_SAFE_INTEGER });
      await rec.wrapped.listShadow();
      await w.dhcp.list();
    });
    const zero = { recovered: 0, orphans: 0, duplicates: 0, statesFixed: 0, rolledBack: 0, republished: 0, withdrawn: 0, groupsPushed: false };

    // Side by side, alternating: bare reads, clean reconcile (twice each; the median of two is their mean).
    const anchors: number[] = [], cleans: number[] = [], naive: number[] = [];
    for (let round = 0; round < 2; round++) {
      // What listing the tagged records cost before: whole objects, one page after the other.
      naive.push((await timed(() => w.http.all(IP_PATH, { tag: TAG }))).ms);
      anchors.push((await bareReads()).ms);
      const c = await timed(() => engine.reconcile());
      cleans.push(c.ms);
      check(`clean reconcile ${round} repaired something`, JSON.stringify(c.value) === JSON.stringify(zero), c.value);
      say(`round ${round}: NetBox whole objects, sequential pages ${seconds(naive[round]!)} s; bare reads ${seconds(anchors[round]!)} s, clean reconcile ${seconds(c.ms)} s`);
    }
    check('clean reconcile wrote to NetBox', rec.released.length + rec.stated.length === 0, { released: rec.released.length, stated: rec.stated.length });

    // The damage.
    const before = await w.snapshot();
    const k = Math.max(1, Math.round(N / 100));
    const pick = (pred: (x: Item) => boolean, n: number, offset: number) => w.items.filter((x, j) => j % 7 === offset && pred(x)).slice(0, n);
    const deleted = pick(() => true, k, 0);
    const missingKea = pick((x) => !(x.kind === 'pre-lease' && x.claimed), k, 1);
    const lostClaims = pick((x) => x.claimed, Math.ceil(k / 4), 2);
    const lagging = pick((x) => !x.claimed, Math.ceil(k / 4), 3);
    const dupOf = pick(() => true, Math.max(3, Math.round(N / 1000)), 4);
    const orphanSpecs = Array.from({ length: k }, (_, j) => ({ address: w.nextSpare(), reservationId: randomUUID(), resourceId: `${PREFIX}g${String(j % GROUPS).padStart(2, '0')}`, state: 'live' as const, status: 'reserved' }));
    const dupSpecs = dupOf.map((x) => ({ address: w.nextSpare(), reservationId: x.id, resourceId: x.resourceId, state: (x.claimed ? 'claimed' : 'live') as ReservationState, status: x.claimed ? 'dhcp' : 'reserved' }));
    const orphanIds = await w.createRecords(orphanSpecs);
    const dupIds = await w.createRecords(dupSpecs);
    await w.writer.remove(deleted.map((x) => x.recordId));
    await w.bulk.update(IP_PATH, lostClaims.map((x) => ({ id: x.recordId, status: 'reserved', custom_fields: { ipshadow_state: 'live' } })));
    await w.bulk.update(IP_PATH, lagging.map((x) => ({ id: x.recordId, custom_fields: { ipshadow_state: 'netbox_written' } })));
    const pubOf = (x: Item) => ({ reservationId: x.id, resourceId: x.resourceId, address: x.address, binding: w.placement(x.resourceId)!.binding!(x.address)! });
    await w.dhcp.withdraw(missingKea.map(pubOf));
    // Stale Kea rows of ours (no reservation holds them) and a stray address in a group list.
    const staleHosts = Array.from({ length: Math.ceil(k / 10) }, (_, j) => ({ reservationId: randomUUID(), resourceId: `${PREFIX}h-stale${j}`, address: w.nextSpare(), binding: { kind: 'host' as const, hwaddr: mac(3, j), subnetId: 1 } }));
    const staleLeases = Array.from({ length: Math.ceil(k / 10) }, (_, j) => ({ reservationId: randomUUID(), resourceId: `${PREFIX}p-stale${j}`, address: w.nextSpare(), binding: { kind: 'pre-lease' as const, hwaddr: mac(4, j), subnetId: 1 } }));
    await w.dhcp.publish([...staleHosts, ...staleLeases]);
    const stray = w.nextSpare();
    await w.dhcp.publish([{ reservationId: 'stray', resourceId: `${PREFIX}g00`, address: stray, binding: { kind: 'group', group: `${PREFIX}g00` } }]);
    const damage = { orphans: k, deleted: deleted.length, missingKea: missingKea.length, lostClaims: lostClaims.length, lagging: lagging.length, duplicates: dupIds.length, staleKea: staleHosts.length + staleLeases.length + 1 };
    say(`damage: ${JSON.stringify(damage)}`);

    const anchorDamaged = await bareReads();
    const hurt = await timed(() => engine.reconcile());
    say(`damaged: bare reads ${seconds(anchorDamaged.ms)} s, reconcile ${seconds(hurt.ms)} s: ${JSON.stringify(hurt.value)}`);
    const after = await w.snapshot();
    const again = await engine.reconcile();

    // What reconcile reported.
    const hostOrLease = (x: Item) => x.kind === 'host' || (x.kind === 'pre-lease' && !x.claimed);
    const expect = { recovered: 0, orphans: k, duplicates: dupIds.length, statesFixed: lostClaims.length + lagging.length, rolledBack: deleted.length, republished: missingKea.filter(hostOrLease).length, groupsPushed: true };
    check('report', JSON.stringify({ ...hurt.value, withdrawn: undefined }) === JSON.stringify({ ...expect, withdrawn: undefined }), { got: hurt.value, want: expect });
    const withdrawnWant = staleHosts.length + staleLeases.length;
    check('report.withdrawn', hurt.value.withdrawn === withdrawnWant || hurt.value.withdrawn === withdrawnWant + deleted.filter(hostOrLease).length, hurt.value.withdrawn);
    check('second reconcile repaired something', JSON.stringify(again) === JSON.stringify(zero), again);
    // NetBox: exactly the records of before minus the deleted ones, field for field (lost claims and lagging states back).
    const deletedIds = new Set(deleted.map((x) => x.recordId));
    sameList('netbox records', [...after.netbox].map((e) => JSON.stringify(e)), [...before.netbox].filter(([id]) => !deletedIds.has(id)).map((e) => JSON.stringify(e)));
    sameList('netbox deletes', [...new Set(rec.released)].map(String), [...orphanIds, ...dupIds].map(String));
    sameList('netbox state writes', [...new Set(rec.stated)].map(String), [...lostClaims, ...lagging].map((x) => String(x.recordId)));
    // Kea: before minus what the deleted reservations had published; missing rows back; stale rows and the stray gone.
    const gone = new Set(deleted.map((x) => x.address));
    const addrOf = (row: string) => (JSON.parse(row) as string[])[0]!;
    const wantHosts = before.hosts.filter((h) => !gone.has(addrOf(h)));
    sameList('kea hosts rows', after.hosts, wantHosts);
    // A deleted claimed pre-lease's lease is the client's own (no ipshadow context): it stays.
    sameList('kea leases', after.leases, before.leases.filter((l) => !gone.has(addrOf(l)) || JSON.parse(l)[3] === null));
    const wantGroups = Object.fromEntries(Object.entries(before.groups).map(([g, a]) => [g, a.filter((x) => !gone.has(x))]));
    check('kea groups', JSON.stringify(after.groups) === JSON.stringify(wantGroups), { got: Object.fromEntries(Object.entries(after.groups).map(([g, a]) => [g, a.length])), want: Object.fromEntries(Object.entries(wantGroups).map(([g, a]) => [g, (a as string[]).length])) });
    // Store: only the deleted ones moved, to released, each with one rolled_back event.
    const moved = [...after.store].filter(([id, s]) => before.store.get(id) !== s);
    sameList('store transitions', moved.map(([id, s]) => `${id}:${s}`), deleted.map((x) => `${x.id}:released`));
    const rolled = await w.store.events.list({ type: 'reservation.rolled_back', limit: 100_000 });
    sameList('rolled_back events', rolled.map((e) => e.reservationId!), deleted.map((x) => x.id));

    const clean = (cleans[0]! + cleans[1]!) / 2, anchor = (anchors[0]! + anchors[1]!) / 2, naiveMs = (naive[0]! + naive[1]!) / 2;
    say(`setup ${seconds(setupMs)} s; bare reads ${seconds(anchor)} s; reconcile clean ${seconds(clean)} s, damaged ${seconds(hurt.ms)} s (bare reads ${seconds(anchorDamaged.ms)} s)`);
    const verdict = failures.length === 0 ? 'all repairs checked in NetBox, Kea and the store, nothing else changed' : `CHECKS FAILED (${failures.length})`;
    const note = process.env.RECONCILE_BENCH_NOTE ? `${process.env.RECONCILE_BENCH_NOTE}: ` : '';
    const world = `${note}${N} reservations (60% group lists, 20% hosts rows, 20% pre-leases; 10% claimed) on real NetBox 4.7 + Kea 2.2, SQLite store; setup ${seconds(setupMs)} s (not measured)`;
    appendResult({
      benchmark: `reconcile, clean: ${world}`,
      metric: `wall s, median of 2; ipshadow = engine.reconcile() finding nothing, anchor = bare reads (store lists + every tagged NetBox record + Kea hosts rows, leases, group lists); the tagged records as whole objects, page after page (the read before fields= and slices): ${seconds(naiveMs)} s`,
      ipshadow: clean / 1000, anchor: anchor / 1000, ratio: clean / anchor, command: `npm run bench:reconcile -- ${N}`,
    });
    appendResult({
      benchmark: `reconcile, damaged: ${world}; damage ${Object.entries(damage).map(([a, b]) => `${a} ${b}`).join(', ')}; ${verdict}`,
      metric: 'wall s; ipshadow = engine.reconcile() repairing it all, anchor = bare reads just before',
      ipshadow: hurt.ms / 1000, anchor: anchorDamaged.ms / 1000, ratio: hurt.ms / anchorDamaged.ms, command: `npm run bench:reconcile -- ${N}`,
    });
  } finally {
    const c = await timed(() => w.cleanup());
    say(`cleanup: ${seconds(c.ms)} s`);
  }
  if (failures.length > 0) {
    process.stderr.write(`RECONCILE CHECKS FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
