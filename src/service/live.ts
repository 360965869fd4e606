/**
 * @module The live loop of `ipshadow serve` (one wiring file): the Kea bridge (event socket in, hosts rows, pre-leases
 * and group lists out), the allocation engine over NetBox, its tick and reconcile loops, and the allocation API's
 * service. Kea lease events that land on a live shadow address claim it. With several replicas on one store, only the
 * holder of the store's leader lock (./leader.ts) runs the event socket, reconcile and the loops; every one serves the API.
 */
import { HookCommands, HostsDbWriter, KeaDhcpServer, KeaEventServer, KeaSubnetTable, PreLeaseWriter, httpControl, storeSink, unixControl, type KeaControl, type KeaEvent, resolverFor, type ResourceResolver } from '../adapters/kea';
import { NetBoxSourceOfTruth } from '../adapters/netbox';
import type { App } from '../app';
import { systemClock, type DhcpServer } from '../core/ports';
import type { Resource } from '../core/resource';
import { AllocationEngine, currentEntries, enginePolicy, targetCount, type ReconcileReport, type TickResult } from '../engine';
import type { AllocationRouteDeps } from '../api/routes/allocations';
import { openLeaderLock } from '../store/advisory-lock';
import { AllocationService, processOwner } from './allocations';
import { BackgroundWrites } from './background-writes';
import { KeaClaims } from './kea-claims';
import { startPeriodic, type Periodic } from './periodic';
import { placementsFor } from './placements';
import { startElection } from './leader';

/** The leader lock's name; its key is per database, so one name serves every deployment. */
const LOCK_NAME = 'ipshadow.engine';

/** The running live loop. */
export interface LiveService {
  engine: AllocationEngine;
  routes: AllocationRouteDeps;
  /** The Kea event socket; only the leader listens on it (null while following). */
  readonly events: KeaEventServer | null;
  /** True while this process holds the engine leader lock. */
  isLeader(): boolean;
  background: BackgroundWrites;
  /** One tick now (null in observe-only mode or when it failed). */
  tickNow(): Promise<TickResult | null>;
  /** One reconcile now (null when it failed). */
  reconcileNow(): Promise<(ReconcileReport & { recovered: number }) | null>;
  stop(): Promise<void>;
}

/** Builds the Kea side from `kea.*`, or null when the bridge is disabled. */
function keaSide(app: App): { dhcp: DhcpServer; hosts: HostsDbWriter | null; control: KeaControl } | null {
  const k = app.config.kea;
  if (!k.enabled) return null;
  const control = k.controlSocket ? unixControl(k.controlSocket) : httpControl(k.agentUrl!, { auth: k.agentAuth });
  const hosts = k.hostsDatabase ? new HostsDbWriter(k.hostsDatabase) : null;
  const dhcp = new KeaDhcpServer({ hook: new HookCommands(control), preLeases: new PreLeaseWriter(control), ...(hosts && { hosts }), preLeaseLifetimeS: k.preLeaseLifetimeSec });
  return { dhcp, hosts, control };
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
  // Kea's subnets (kea.subnets first, then config-get): for host rows and pre-leases, and for Kea 2.2's events-only
  // lines, which carry subnet_id 0.
  const subnets = new KeaSubnetTable(config.kea.subnets);
  const policy = enginePolicy({
    threshold: e.threshold, horizonMs: e.horizonMinutes * 60_000, serviceLevel: e.serviceLevel, ttlMs: Math.round(e.ttlMinutes * 60_000),
    leadTimeMs: Math.round(e.leadTimeSeconds * 1000), jitter: { fraction: e.jitter.fraction, maxMs: Math.round(e.jitter.maxSeconds * 1000) },
    maxPerResource: e.maxPerResource, maxGlobal: e.maxGlobal,
  });
  const engine = new AllocationEngine({
    store, sot: new NetBoxSourceOfTruth(app.netbox.shadow), ...(kea && { dhcp: kea.dhcp }), clock, policy,
    placement: placementsFor(e.placements, (address) => subnets.idOf(address), resources),
  });
  const background = new BackgroundWrites({ log });
  const allocations = new AllocationService({ store, engine, clock, background, owner: processOwner() });

  const m = app.metrics;
  const tickNow = async (): Promise<TickResult | null> => {
    const endTimer = m.engineTickSeconds.startTimer();
    try {
      await loadResources();
      const entries = await store.shadow.list({ validAt: clock.now() });
      if (e.observeOnly) {
        const targets = Object.fromEntries([...currentEntries(entries, policy, clock.now()).values()].map((x) => [x.resourceId, targetCount(x, policy)]));
        log.info('engine.observed', { targets });
        m.engineTicks.inc({ result: 'observed' });
        return null;
      }
      const r = await engine.tick(entries);
      // Claims that came while their reservation was being written.
      await claims.drain();
      const counts = { created: r.created.length, expired: r.expired.length, cancelled: r.cancelled.length, recovered: r.recovered.length };
      for (const [change, n] of Object.entries(counts)) if (n > 0) m.engineChanges.inc({ change }, n);
      m.engineTicks.inc({ result: 'ok' });
      if (counts.created + counts.expired + counts.cancelled + counts.recovered > 0) log.info('engine.tick', { ...counts, deferred: r.deferred });
      return r;
    } catch (err) {
      m.engineTicks.inc({ result: 'failed' });
      log.warn('engine.tick.failed', { error: (err as Error).message });
      return null;
    } finally {
      endTimer();
    }
  };
  const reconcileNow = async () => {
    if (e.observeOnly) return null;
    try {
      const r = await engine.reconcile();
      m.reconcileRuns.inc({ result: 'ok' });
      for (const [kind, n] of Object.entries(r)) if (typeof n === 'number' ? n > 0 : n === true) m.reconcileRepairs.inc({ kind }, Number(n));
      log.info('engine.reconciled', { ...r });
      if (r.groupsPushed) log.info('kea.groups.pushed', { reason: 'reconcile' });
      return r;
    } catch (err) {
      m.reconcileRuns.inc({ result: 'failed' });
      log.warn('engine.reconcile.failed', { error: (err as Error).message });
      return null;
    }
  };

  const learnSubnets = async () => {
    if (!kea) return;
    try {
      const fromKea = await subnets.learn(kea.control, config.kea.subnets);
      log.info('kea.subnets.learnt', { fromKea, configured: config.kea.subnets.length });
    } catch (err) {
      log.warn('kea.subnets.unavailable', { error: (err as Error).message, kept: subnets.size });
    }
  };
  // A lease event on a shadow address is that reservation's claim (once it is live).
  const sink = storeSink(store, () => resolver);
  const claims = new KeaClaims({ store, engine, clock, log, onClaim: () => m.keaClaims.inc() });
  const claimFromKea = async (events: KeaEvent[]) => {
    if (!e.observeOnly) await claims.take(events);
  };
  // The leader's duties: the Kea event socket (claims), reconcile (first, as at start-up), the tick and reconcile loops.
  let events: KeaEventServer | null = null;
  let ticks: Periodic<TickResult | null> | null = null;
  let reconcileTimer: NodeJS.Timeout | undefined;
  const lead = async () => {
    events = config.kea.enabled
      ? new KeaEventServer({
          path: config.kea.eventSocket, log,
          sink: async (batch) => {
            const unknown = subnets.fill(batch);
            if (unknown > 0) log.debug('kea.events.subnet_unknown', { events: unknown });
            await sink(batch);
            await claimFromKea(batch);
          },
          // The hook connects again after Kea restarts, which forgot the group lists (and may have new subnets).
          onConnection: () => {
            void learnSubnets();
            void reconcileNow();
          },
        })
      : null;
    await events?.start();
    log.info('engine.started', { observeOnly: e.observeOnly, tickSeconds: e.tickSeconds, reconcileSeconds: e.reconcileSeconds, placements: e.placements.length, kea: config.kea.enabled });
    await reconcileNow();
    // tickNow logs its own failures; a tick that finds the last one still running is skipped.
    ticks = startPeriodic(e.tickSeconds * 1000, tickNow, () => undefined);
    reconcileTimer = setInterval(() => void reconcileNow(), e.reconcileSeconds * 1000);
    reconcileTimer.unref();
  };
  const follow = async () => {
    ticks?.stop();
    clearInterval(reconcileTimer);
    ticks = null;
    // A tick cut in half would be repaired by the next leader, but a clean hand-over leaves nothing to repair.
    await engine.idle();
    await events?.stop();
    events = null;
  };
  // Every replica serves the allocation API, whose on-demand path places host rows by subnet: learn before electing.
  await learnSubnets();
  const election = startElection({ lock: openLeaderLock(config.store.url, LOCK_NAME), retryMs: e.leaderRetrySeconds * 1000, log, gauge: m.engineLeader, onAcquired: lead, onLost: follow });
  // The first try has an answer before serve listens: a lone replica leads from its first request on.
  await election.round();

  return {
    engine, background, tickNow, reconcileNow,
    get events() {
      return events;
    },
    isLeader: () => election.isLeader(),
    routes: {
      allocations,
      observeOnly: e.observeOnly,
      pushEntries: async (entries) => {
        const n = await store.shadow.upsert(entries);
        // A follower only stores them: the leader's next tick reads them.
        if (election.isLeader()) void tickNow();
        return n;
      },
    },
    async stop() {
      await election.stop();
      await Promise.race([background.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
      background.stop();
      await kea?.hosts?.close();
    },
  };
}
