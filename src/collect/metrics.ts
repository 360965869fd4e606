/**
 * @module Prometheus metrics of the collect stages, registered on a passed Registry. Hot paths bump plain counters
 * (CollectStats); prom-client reads them at scrape time through `collect()`, so a datagram costs no label hashing.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CollectStats, Counts } from './stats';

/** Values read at scrape time besides the counters. */
export interface CollectGaugeSources {
  exporters(): number;
  templates(): number;
  openBuckets(): number;
  /** Kernel receive-queue drops by listener name (absent when unknown). */
  socketDrops(): Record<string, number>;
  /** Resource map sizes. */
  mapSizes(): { addresses: number; prefixes: number; macs: number; resources: number };
  /** Pipeline counts: offered, sampled_out, non_ip, mapped, unknown_end. */
  pipeline(): Record<string, number>;
}

type Labels = readonly string[];

/** A counter that mirrors a Counts at each scrape. */
function mirrored(registry: Registry, name: string, help: string, labelNames: Labels, counts: () => Counts): Counter<string> {
  return new Counter({
    name, help, labelNames: [...labelNames], registers: [registry],
    collect() {
      this.reset();
      for (const [k, v] of counts().map) {
        const values = k.split('\u0000');
        this.inc(Object.fromEntries(labelNames.map((l, i) => [l, values[i] ?? ''])), v);
      }
    },
  });
}

/** Registers every collect metric on `registry`. */
export function registerCollectMetrics(registry: Registry, stats: CollectStats, sources: CollectGaugeSources): void {
  mirrored(registry, 'ipshadow_collect_datagrams_total', 'Flow datagrams received, by listener and protocol', ['listener', 'protocol'], () => stats.datagrams);
  mirrored(registry, 'ipshadow_collect_datagram_bytes_total', 'UDP payload bytes received, by listener', ['listener'], () => stats.datagramBytes);
  mirrored(registry, 'ipshadow_collect_records_total', 'Flow records decoded, by protocol', ['protocol'], () => stats.records);
  mirrored(registry, 'ipshadow_collect_counter_records_total', 'sFlow interface counter records decoded', ['protocol'], () => stats.counterRecords);
  mirrored(registry, 'ipshadow_collect_errors_total', 'Decode errors, by protocol and kind', ['protocol', 'kind'], () => stats.errors);
  mirrored(registry, 'ipshadow_collect_template_misses_total', 'Data sets skipped because their template was not known, by protocol', ['protocol'], () => stats.templateMisses);
  mirrored(registry, 'ipshadow_collect_drops_total', 'Datagrams or records dropped, by reason', ['reason'], () => stats.drops);
  mirrored(registry, 'ipshadow_collect_goflow2_lines_total', 'goflow2 JSON lines, by source and result', ['source', 'result'], () => stats.goflowLines);
  mirrored(registry, 'ipshadow_collect_metric_rows_total', 'Pushed resource metric rows, by result', ['result'], () => stats.metricRows);
  mirrored(registry, 'ipshadow_collect_flushes_total', 'Aggregate flushes to the store, by result', ['result'], () => stats.flushes);
  new Counter({
    name: 'ipshadow_collect_pipeline_records_total', help: 'Records through the pipeline, by stage (offered, sampled_out, non_ip, mapped, unknown_end)',
    labelNames: ['stage'], registers: [registry],
    collect() {
      this.reset();
      for (const [stage, v] of Object.entries(sources.pipeline())) this.inc({ stage }, v);
    },
  });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  gauge('ipshadow_collect_exporters', 'Exporters tracked', sources.exporters);
  gauge('ipshadow_collect_templates', 'Template store entries (templates, sampling rates, init times)', sources.templates);
  gauge('ipshadow_collect_open_buckets', 'Minute buckets held in memory', sources.openBuckets);
  new Gauge({
    name: 'ipshadow_collect_socket_drops', help: 'Kernel receive-queue drops of each listener socket (since it was bound)', labelNames: ['listener'], registers: [registry],
    collect() {
      this.reset();
      for (const [listener, v] of Object.entries(sources.socketDrops())) this.set({ listener }, v);
    },
  });
  new Gauge({
    name: 'ipshadow_collect_resource_map', help: 'Resource map sizes (addresses, prefixes, macs, resources)', labelNames: ['part'], registers: [registry],
    collect() {
      for (const [part, v] of Object.entries(sources.mapSizes())) this.set({ part }, v);
    },
  });
}
