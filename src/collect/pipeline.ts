/**
 * @module The flow pipeline after decoding: ingest sampling, sampling correction, mapping both ends to resources,
 * lead classification and aggregation. Every flow source (UDP, pcap, goflow2 JSON) writes records here.
 */

import { Aggregator, LeadClassifier, type PeerKey } from './aggregate';
import type { FlowRecord } from './decoders';
import { emptyResourceMap, type ResourceIds, type ResourceMap } from './mapping';
import { ExporterRates, IngestSampler } from './sampling';

/** Parts of a pipeline; each defaults to an unbounded-free sensible instance. */
export interface PipelineParts {
  aggregator?: Aggregator;
  lead?: LeadClassifier;
  rates?: ExporterRates;
  sampler?: IngestSampler;
  map?: ResourceMap;
  /** Time for records that carry none (ms). */
  now?: () => number;
}

/** Running counts, for metrics. */
export interface PipelineStats {
  offered: number;
  sampledOut: number;
  nonIp: number;
  /** Endpoints that mapped to a resource, and that did not. */
  mappedEnds: number;
  unknownEnds: number;
  /** Records counted for at least one resource. */
  mappedRecords: number;
}

const ZERO16 = new Uint8Array(16);
const hex = (b: Uint8Array | null): string => Buffer.from((b ?? ZERO16).buffer, (b ?? ZERO16).byteOffset, 16).toString('hex');

/** Takes decoded records of any source and aggregates them per resource. */
export class FlowPipeline {
  readonly stats: PipelineStats = { offered: 0, sampledOut: 0, nonIp: 0, mappedEnds: 0, unknownEnds: 0, mappedRecords: 0 };
  readonly aggregator: Aggregator;
  readonly rates: ExporterRates;
  readonly sampler: IngestSampler;
  private readonly lead: LeadClassifier;
  private readonly now: () => number;
  private map: ResourceMap;

  constructor(parts: PipelineParts = {}) {
    this.aggregator = parts.aggregator ?? new Aggregator();
    this.lead = parts.lead ?? new LeadClassifier();
    this.rates = parts.rates ?? new ExporterRates();
    this.sampler = parts.sampler ?? new IngestSampler(1);
    this.map = parts.map ?? emptyResourceMap();
    this.now = parts.now ?? Date.now;
  }

  /** Swap in a map rebuilt from a refreshed mirror; peer history of vanished resources is dropped. */
  setMap(map: ResourceMap): void {
    this.map = map;
    this.aggregator.retainResources((id) => map.has(id));
  }

  /** The map in use. */
  resourceMap(): ResourceMap {
    return this.map;
  }

  /** Aggregate a batch of records. */
  write(records: readonly FlowRecord[]): void {
    for (let i = 0; i < records.length; i++) this.one(records[i] as FlowRecord);
  }

  private one(r: FlowRecord): void {
    this.stats.offered++;
    if (!this.sampler.keep()) {
      this.stats.sampledOut++;
      return;
    }
    if (r.ipVersion !== 4 && r.ipVersion !== 6) {
      this.stats.nonIp++;
      return;
    }
    const ingest = this.sampler.oneIn;
    const scale = this.rates.rateOf(r) * ingest;
    const bytes = r.bytes * scale;
    const packets = r.packets * scale;
    const t = r.endMs || r.startMs || r.receivedMs || this.now();
    const v6 = r.ipVersion === 6;
    const srcKey: PeerKey = v6 ? hex(r.srcAddr6) : r.srcAddr;
    const dstKey: PeerKey = v6 ? hex(r.dstAddr6) : r.dstAddr;
    const srcIds = this.idsOf(v6 ? (r.srcAddr6 ?? ZERO16) : null, r.srcAddr, r.srcMac);
    const dstIds = this.idsOf(v6 ? (r.dstAddr6 ?? ZERO16) : null, r.dstAddr, r.dstMac);
    const lead = this.lead.classify(r);
    const agg = this.aggregator;
    for (let i = 0; i < srcIds.length; i++) {
      const id = srcIds[i] as string;
      agg.add(id, t, bytes, packets, ingest, lead, dstKey, dstIds.includes(id) ? srcKey : null);
    }
    for (let i = 0; i < dstIds.length; i++) {
      const id = dstIds[i] as string;
      if (!srcIds.includes(id)) agg.add(id, t, bytes, packets, ingest, lead, srcKey);
    }
    if (srcIds.length > 0 || dstIds.length > 0) this.stats.mappedRecords++;
    this.tally(srcIds, srcKey, t, bytes, packets, ingest);
    this.tally(dstIds, dstKey, t, bytes, packets, ingest);
  }

  private idsOf(addr6: Uint8Array | null, addr4: number, mac: number | null): ResourceIds {
    const ids = addr6 !== null ? this.map.ofV6(addr6) : this.map.ofV4(addr4);
    return ids.length > 0 || mac === null ? ids : this.map.ofMac(mac);
  }

  private tally(ids: ResourceIds, key: PeerKey, t: number, bytes: number, packets: number, flows: number): void {
    if (ids.length > 0) {
      this.stats.mappedEnds++;
      return;
    }
    this.stats.unknownEnds++;
    this.aggregator.unknown(key, t, bytes, packets, flows);
  }
}
