/**
 * @module The live loop of `ipshadow serve` (one wiring file): the Kea bridge (event socket in, hosts rows, pre-leases
 * and group lists out), the allocation engine over NetBox, its tick and reconcile loops, and the allocation API's
 * service. Kea lease events that land on a live shadow address claim it.
 */
import { HookCommands, HostsDbWriter, KeaDhcpServer, KeaEventServer, PreLeaseWriter, httpControl, storeSink, unixControl, type KeaEvent, resolverFor, type ResourceResolver } from '../adapters/kea';
import { NetBoxSourceOfTruth } from '../adapters/netbox';
import type { App } from '../app';
import { systemClock, type DhcpServer } from '../core/ports';
import type { Resource } from '../core/resource';
import { AllocationEngine, currentEntries, enginePolicy, targetCount, type ReconcileReport, type TickResult } from '../engine';
import type { AllocationRouteDeps } from '../api/routes/allocations';
import { AllocationService, processOwner } from './allocations';
import { BackgroundWrites } from './background-writes';
import { placementsFor } from './placements';

/** The running live loop. */
export interface LiveService {
  engine: AllocationEngine;
  routes: AllocationRouteDeps;
  events: KeaEventServer | null;
  background: BackgroundWrites;
  /** One tick now (null in observe-only mode or when it failed). */
  tickNow(): Promise<TickResult | null>;
  /** One reconcile now (null when it failed). */
  reconcileNow(): Promise<(ReconcileReport & { recovered: number }) | null>;
  stop(): Promise<void>;
}

/** Builds the Kea side from `kea.*`, or null when the bridge is disabled. */
function keaSide(app: App): { dhcp: DhcpServer; hosts: HostsDbWriter | null } | null {
  const k = app.config.kea;
  if (!k.enabled) return null;
  const control = k.controlSocket ? unixControl(k.controlSocket) : httpControl(k.agentUrl!, { auth: k.agentAuth });
  const hosts = k.hostsDatabase ? new HostsDbWriter(k.hostsDatabase) : null;
  const dhcp = new KeaDhcpServer({ hook: new HookCommands(control), preLeases: new PreLeaseWriter(control), ...(hosts && { hosts }), preLeaseLifetimeS: k.preLeaseLifetimeSec });
  return { dhcp, hosts };
}

/** Starts the engine loops and the Kea event socket. */
export async function startLive(app: App): Promise<LiveService> {
  const { config, store, log } = app;
  const e = config.engine;
  const clock = systemClock;
  const resources = new Map<string, Resource>();
  // One read of the resources per tick serves both the placements and the Kea event resolver.
  let resolver: ResourceResolver = resolverFor([]);
  const loadResources = async () => {
    const list = await store.resources.list();
    resources.clear();
    for (const r of list) resources.set(r.id, r);
    resolver = resolverFor(list);
  };
  await loadResources();
  const kea = keaSide(app);
  const policy = enginePolicy({
    threshold: e.threshold, horizonMs: e.horizonMinutes * 60_000, serviceLevel: e.serviceLevel, ttlMs: Math.round(e.ttlMinutes * 60_000),
    leadTimeMs: Math.round(e.leadTimeSeconds * 1000), jitter: { fraction: e.jitter.fraction, maxMs: Math.round(e.jitter.maxSeconds * 1000) },
    maxPerResource: e.maxPerResource, maxGlobal: e.maxGlobal,
  });
  const engine = new AllocationEngine({
    store, sot: new NetBoxSourceOfTruth(app.netbox.shadow), ...(kea && { dhcp: kea.dhcp }), clock, policy,
    placement: placementsFor(e.placements, config.kea.subnets, resources),
  });
  const background = new BackgroundWrites({ log });
  const allocations = new AllocationService({ store, engine, clock, background, owner: processOwner() });

  const tickNow = async (): Promise<TickResult | null> => {
    try {
      await loadResources();
      const entries = await store.shadow.list({ validAt: clock.now() });
      if (e.observeOnly) {
        const targets = Object.fromEntries([...currentEntries(entries, policy, clock.now()).values()].map((x) => [x.resourceId, targetCount(x, policy)]));
        log.info('engine.observed', { targets });
        return null;
      }
      const r = await engine.tick(entries);
      const changed = r.created.length + r.expired.length + r.cancelled.length + r.recovered.length;
      if (changed > 0) log.info('engine.tick', { created: r.created.length, expired: r.expired.length, cancelled: r.cancelled.length, recovered: r.recovered.length, deferred: r.deferred });
      return r;
    } catch (err) {
      log.warn('engine.tick.failed', { error: (err as Error).message });
      return null;
    }
  };
  const reconcileNow = async () => {
    if (e.observeOnly) return null;
    try {
      const r = await engine.reconcile();
      log.info('engine.reconciled', { ...r });
      if (r.groupsPushed) log.info('kea.groups.pushed', { reason: 'reconcile' });
      return r;
    } catch (err) {
      log.warn('engine.reconcile.failed', { error: (err as Error).message });
      return null;
    }
  };

  // A lease event on a live shadow address is that reservation's claim.
  const sink = storeSink(store, () => resolver);
  const claimFromKea = async (events: KeaEvent[]) => {
    const taken = events.filter((x) => x.type === 'group_claim' || x.type === 'lease4_committed');
    if (taken.length === 0 || e.observeOnly) return;
    const live = new Map((await store.reservations.list({ states: ['live'], limit: Number.MAX_SAFE_INTEGER })).map((r) => [r.address, r]));
    for (const x of taken) {
      const r = live.get(x.address);
      if (!r) continue;
      // The hook reports a group client's claim and then its commit: the first one claims.
      live.delete(x.address);
      const claimed = await engine.claim({ resourceId: r.resourceId, key: `kea:${x.hwaddr}:${x.address}`, address: x.address });
      if (claimed) log.info('engine.claim.kea', { address: x.address, resourceId: r.resourceId, reservationId: r.id, hwaddr: x.hwaddr });
    }
  };
  const events = config.kea.enabled
    ? new KeaEventServer({
        path: config.kea.eventSocket, log,
        sink: async (batch) => {
          await sink(batch);
          await claimFromKea(batch);
        },
        // The hook connects again after Kea restarts, which forgot the group lists: put them back now.
        onConnection: () => void reconcileNow(),
      })
    : null;
  await events?.start();

  log.info('engine.started', { observeOnly: e.observeOnly, tickSeconds: e.tickSeconds, reconcileSeconds: e.reconcileSeconds, placements: e.placements.length, kea: config.kea.enabled });
  await reconcileNow();
  let ticking = false;
  const tickTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void tickNow().finally(() => (ticking = false));
  }, e.tickSeconds * 1000);
  const reconcileTimer = setInterval(() => void reconcileNow(), e.reconcileSeconds * 1000);
  for (const t of [tickTimer, reconcileTimer]) t.unref();

  return {
    engine, events, background, tickNow, reconcileNow,
    routes: {
      allocations,
      observeOnly: e.observeOnly,
      pushEntries: async (entries) => {
        const n = await store.shadow.upsert(entries);
        void tickNow();
        return n;
      },
    },
    async stop() {
      for (const t of [tickTimer, reconcileTimer]) clearInterval(t);
      // A tick cut in half would be repaired at the next start, but a clean stop leaves nothing to repair.
      await engine.idle();
      await Promise.race([background.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
      background.stop();
      await events?.stop();
      await kea?.hosts?.close();
    },
  };
}
