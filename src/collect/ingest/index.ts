/** @module Resource metrics ingest: JSON, CSV and Prometheus remote-write, resolved to resources and stored. */

export { metricRowSchema, parseCsvRows, parseJsonRows, type MetricRow, type ParsedRows, type RowError } from './metric-rows';
export { parseRemoteWrite, WriteRequest } from './remote-write';
export { resolveRows, type MetricPoint } from './resolve';
export { metricsIngestRoutes, type IngestReply, type MetricsIngestDeps } from './routes';
