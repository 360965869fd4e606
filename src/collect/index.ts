/**
 * @module Collection of behavioural data: flow decoders, capture reading, the UDP collector, sampling correction,
 * mapping to resources, per-resource minute aggregation, goflow2 JSON and resource-metrics ingest. `service.ts`
 * wires them; the rest are parts that can be used alone.
 */

export { CollectService, type CollectServiceDeps, type TelemetryStore } from './service';
export { resourceMapInput } from './store-source';
export { FlowPipeline, type PipelineParts, type PipelineStats } from './pipeline';
export { ingestCapture, type PcapIngestOptions, type PcapIngestResult } from './pcap-ingest';
export { registerCollectMetrics, type CollectGaugeSources } from './metrics';
export { CollectStats, Counts } from './stats';
export { metricsIngestRoutes, type IngestReply, type MetricsIngestDeps } from './ingest';
export { readGoflowFile, readGoflowStream, subscribeGoflowNats, parseGoflowLine } from './goflow2';
export { ResourceMap, type ResourceMapInput } from './mapping';
export { BUCKET_MS, type BucketDelta, type UnknownDelta, type TelemetrySink } from './aggregate';
