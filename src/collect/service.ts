/**
 * @module The one file that wires the collect stages: UDP listeners → FlowCollector (decoders, template store,
 * exporter limits) → FlowPipeline (sampling, mapping, lead classes) → Aggregator → the store, on timers, with
 * metrics. pcap files and goflow2 JSON enter the same pipeline.
 */
import type { Registry } from 'prom-client';
import type { CollectConfig } from '../config/schema';
import type { Log } from '../log/logger';
import { Aggregator, LeadClassifier, type BucketDelta, type TelemetrySink } from './aggregate';
import { MemoryTemplateStore, type FlowRecord } from './decoders';
import { readGoflowFile, subscribeGoflowNats, type GoflowCounts, type GoflowNatsInput } from './goflow2';
import { ResourceMap, type ResourceMapInput } from './mapping';
import { registerCollectMetrics } from './metrics';
import { ingestCapture, type PcapIngestOptions, type PcapIngestResult } from './pcap-ingest';
import { FlowPipeline } from './pipeline';
import { ExporterRates, IngestSampler, type Random } from './sampling';
import { CollectStats } from './stats';
import { ExporterTable, FlowCollector, UdpListener, udpSocketDrops } from './udp';

/** The store side of the service: where aggregates go, and retention pruning. */
export interface TelemetryStore extends TelemetrySink {
  prune(cut: { bucketsBeforeMs: number; metricsBeforeMs: number; unknownBeforeMs: number }): Promise<{ buckets: number; metrics: number; unknown: number }>;
}

/** What the service is built from. */
export interface CollectServiceDeps {
  config: CollectConfig;
  store: TelemetryStore;
  log: Log;
  /** Reads the mirror for the resource map (called at start and by refreshMap). */
  loadMap?: () => Promise<ResourceMapInput>;
  registry?: Registry;
  now?: () => number;
  random?: Random;
}

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Sum deltas with the same key (volumes add, peers keep the max). */
function mergeDeltas(rows: BucketDelta[]): BucketDelta[] {
  const out = new Map<string, BucketDelta>();
  for (const r of rows) {
    const k = `${r.resourceId}\u0000${r.bucketMs}`;
    const o = out.get(k);
    if (o === undefined) {
      out.set(k, { ...r });
      continue;
    }
    for (const f of Object.keys(r) as Array<keyof BucketDelta>) {
      if (f === 'resourceId' || f === 'bucketMs') continue;
      o[f] = f === 'peers' ? Math.max(o.peers, r.peers) : (o[f] as number) + (r[f] as number);
    }
  }
  return [...out.values()];
}

/** The running collector: listeners, pipeline, periodic flush and retention. */
export class CollectService {
  readonly stats = new CollectStats();
  readonly templates: MemoryTemplateStore;
  readonly exporters: ExporterTable;
  readonly pipeline: FlowPipeline;
  readonly collector: FlowCollector;
  readonly listeners: UdpListener[] = [];
  private readonly deps: CollectServiceDeps;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private pending: BucketDelta[] = [];
  private flushing: Promise<void> | null = null;
  private nats: GoflowNatsInput | null = null;

  constructor(deps: CollectServiceDeps) {
    const c = deps.config;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.templates = new MemoryTemplateStore({ ttlMs: c.templates.ttlSec * 1000, maxEntries: c.templates.maxEntries, maxPerExporter: c.templates.maxPerExporter });
    this.exporters = new ExporterTable({ max: c.exporters.max, maxDatagramsPerSec: c.exporters.maxDatagramsPerSec, idleMs: c.templates.ttlSec * 1000 });
    const a = c.aggregation;
    this.pipeline = new FlowPipeline({
      aggregator: new Aggregator({
        latenessMs: a.latenessSec * 1000, maxOpenBuckets: a.maxOpenBuckets, maxPeersPerBucket: a.maxPeersPerBucket,
        peerMemoryMs: a.peerMemorySec * 1000, maxPeersPerResource: a.maxPeersPerResource, maxUnknownAddresses: a.maxUnknownAddresses,
      }),
      lead: new LeadClassifier({ ...c.leadPorts, provisioning: c.provisioning }),
      rates: new ExporterRates({ unknownRate: c.sampling.unknownRate, overrides: c.sampling.overrides }),
      sampler: new IngestSampler(c.sampling.ingestOneIn, deps.random),
      now: this.now,
    });
    this.collector = new FlowCollector({ templates: this.templates, exporters: this.exporters, stats: this.stats, sink: (rs) => this.pipeline.write(rs), now: this.now });
    if (deps.registry) this.registerMetrics(deps.registry);
  }

  /** Load the resource map, bind every configured listener and start the flush, sweep and prune timers. */
  async start(): Promise<void> {
    await this.refreshMap();
    if (this.deps.config.enabled) {
      for (const l of this.deps.config.listeners) {
        const listener = await UdpListener.start(l, this.collector, (err) => this.deps.log.warn('collect.listener.error', { listener: l.name, err: err.message }));
        this.listeners.push(listener);
        this.deps.log.info('collect.listening', { listener: l.name, ...listener.address(), protocols: l.protocols, recvBufferBytes: listener.recvBufferSize() });
      }
    }
    const g = this.deps.config.goflow2;
    if (g.natsSubject !== undefined) {
      this.nats = await subscribeGoflowNats({ url: g.natsUrl, subject: g.natsSubject, queue: g.natsQueue }, { sink: (rs) => this.pipeline.write(rs), stats: this.stats, now: this.now });
      await this.nats.ready;
      this.deps.log.info('collect.goflow2.started', { source: 'nats', url: g.natsUrl, subject: g.natsSubject });
    }
    const every = (ms: number, fn: () => unknown): void => {
      const t = setInterval(() => void fn(), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.deps.config.aggregation.flushIntervalSec * 1000, () => this.flush());
    every(60_000, () => {
      const now = this.now();
      this.exporters.sweep(now);
      this.templates.sweep(now);
    });
    every(PRUNE_EVERY_MS, () => this.prune());
    if (this.deps.loadMap) every(this.deps.config.mapRefreshSec * 1000, () => this.refreshMap().catch((err: Error) => this.deps.log.warn('collect.flush.failed', { map: true, err: err.message })));
  }

  /** Rebuild the resource map from the mirror (no-op without a loader). */
  async refreshMap(): Promise<void> {
    if (!this.deps.loadMap) return;
    const map = new ResourceMap(await this.deps.loadMap());
    this.pipeline.setMap(map);
    this.deps.log.info('collect.map.loaded', map.stats());
  }

  /** Write pending aggregates to the store; deltas of a failed write are kept (bounded) and retried next time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const { buckets, unknown } = this.pipeline.aggregator.flush();
    const rows = mergeDeltas([...this.pending, ...buckets]);
    this.pending = [];
    try {
      await this.deps.store.addBuckets(rows);
      this.stats.flushes.add('ok');
    } catch (err) {
      this.stats.flushes.add('error');
      const cap = this.deps.config.aggregation.maxOpenBuckets;
      this.pending = rows.slice(0, cap);
      if (rows.length > cap) this.stats.drops.add('flush_backlog', rows.length - cap);
      this.deps.log.warn('collect.flush.failed', { rows: rows.length, err: (err as Error).message });
    }
    try {
      await this.deps.store.addUnknown(unknown);
    } catch (err) {
      this.stats.drops.add('unknown_flush', unknown.length);
      this.deps.log.warn('collect.flush.failed', { unknown: unknown.length, err: (err as Error).message });
    }
  }

  /** Delete telemetry past its retention. */
  async prune(): Promise<void> {
    const r = this.deps.config.retention;
    const now = this.now();
    try {
      const res = await this.deps.store.prune({ bucketsBeforeMs: now - r.bucketsDays * DAY, metricsBeforeMs: now - r.metricsDays * DAY, unknownBeforeMs: now - r.unknownDays * DAY });
      this.deps.log.info('collect.pruned', res);
    } catch (err) {
      this.deps.log.warn('collect.flush.failed', { prune: true, err: (err as Error).message });
    }
  }

  /** Feed one capture file (flow export inside it, or raw traffic) through the pipeline. */
  ingestPcap(buf: Uint8Array, opts: PcapIngestOptions = {}): PcapIngestResult {
    const res = ingestCapture(buf, this.collector, (rs) => this.pipeline.write(rs), opts);
    this.deps.log.info('collect.pcap.ingested', { ...res, errors: res.errors.length });
    return res;
  }

  /** Read a goflow2 JSON-lines file (`-` = stdin) into the pipeline. */
  async ingestGoflowFile(path: string): Promise<GoflowCounts> {
    this.deps.log.info('collect.goflow2.started', { source: path === '-' ? 'stdin' : 'file', path });
    const counts = await readGoflowFile(path, { sink: (rs) => this.pipeline.write(rs), stats: this.stats, now: this.now });
    this.deps.log.info('collect.goflow2.stopped', { source: path === '-' ? 'stdin' : 'file', ...counts });
    return counts;
  }

  /** Records from another source into the pipeline. */
  writeRecords(records: FlowRecord[]): void {
    this.pipeline.write(records);
  }

  /** Close listeners, stop timers and flush what is left. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all(this.listeners.splice(0).map((l) => l.close()));
    if (this.nats !== null) {
      const counts = await this.nats.close();
      this.nats = null;
      this.deps.log.info('collect.goflow2.stopped', { source: 'nats', ...counts });
    }
    await this.flush();
    this.deps.log.info('collect.stopped', { pending: this.pending.length });
  }

  private registerMetrics(registry: Registry): void {
    registerCollectMetrics(registry, this.stats, {
      exporters: () => this.exporters.size,
      templates: () => this.templates.size(),
      openBuckets: () => this.pipeline.aggregator.openBuckets(),
      socketDrops: () => {
        const out: Record<string, number> = {};
        for (const l of this.listeners) {
          const d = udpSocketDrops(l.address().port);
          if (d !== null) out[l.config.name] = d;
        }
        return out;
      },
      mapSizes: () => this.pipeline.resourceMap().stats(),
      pipeline: () => {
        const s = this.pipeline.stats;
        const a = this.pipeline.aggregator.stats;
        return { offered: s.offered, sampled_out: s.sampledOut, non_ip: s.nonIp, mapped: s.mappedRecords, unknown_end: s.unknownEnds, bucket_cap: a.bucketCapDrops, unknown_cap: a.unknownCapDrops };
      },
    });
  }
}
