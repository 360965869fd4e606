/**
 * @module HTTP ingest of resource metrics as a fastify plugin: POST /api/v1/metrics takes JSON (`application/json`)
 * or CSV (`text/csv`); POST /api/v1/metrics/write takes Prometheus remote-write (snappy protobuf). Accepted rows are
 * stored; the reply lists each rejected row with its JSON path, CSV line or series index.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Log } from '../../log/logger';
import type { ResourceMap } from '../mapping';
import type { CollectStats } from '../stats';
import { parseCsvRows, parseJsonRows, type ParsedRows, type RowError } from './metric-rows';
import { parseRemoteWrite } from './remote-write';
import { resolveRows, type MetricPoint } from './resolve';

/** What the routes need. */
export interface MetricsIngestDeps {
  /** The current resource map (it is swapped on mirror refresh). */
  map: () => ResourceMap;
  store: { putMetrics(rows: readonly MetricPoint[]): Promise<number> };
  maxRows: number;
  maxBodyBytes: number;
  stats?: CollectStats;
  log?: Log;
}

/** The reply body. */
export interface IngestReply {
  accepted: number;
  /** Rows refused (invalid, or naming no known resource). */
  rejected: number;
  /** Rows past the row limit, not read. */
  ignored: number;
  /** The first 100 problems. */
  errors: RowError[];
}

const MAX_ERRORS = 100;

/** The plugin; register it on the API server (optionally under a prefix). */
export function metricsIngestRoutes(deps: MetricsIngestDeps): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) => done(null, body));

    const finish = async (parsed: ParsedRows, reply: FastifyReply): Promise<IngestReply> => {
      const { points, errors } = resolveRows(parsed.rows, deps.map());
      const all = [...parsed.errors, ...errors];
      if (points.length > 0) await deps.store.putMetrics(points);
      const rejected = parsed.rejected + errors.length;
      deps.stats?.metricRows.add('accepted', points.length);
      deps.stats?.metricRows.add('rejected', rejected);
      deps.stats?.metricRows.add('ignored', parsed.ignored);
      deps.log?.info('collect.metrics.ingested', { accepted: points.length, rejected, ignored: parsed.ignored });
      if (points.length === 0 && all.length > 0) reply.status(400);
      return { accepted: points.length, rejected, ignored: parsed.ignored, errors: all.slice(0, MAX_ERRORS) };
    };

    app.post('/api/v1/metrics', { bodyLimit: deps.maxBodyBytes }, async (req, reply) => {
      const ct = String(req.headers['content-type'] ?? '');
      try {
        const parsed = ct.startsWith('text/csv') ? parseCsvRows(String(req.body ?? ''), deps.maxRows) : parseJsonRows(req.body, deps.maxRows);
        return await finish(parsed, reply);
      } catch (err) {
        if (err instanceof TypeError) return reply.status(400).send({ accepted: 0, rejected: 0, ignored: 0, errors: [{ at: '$', message: err.message }] });
        throw err;
      }
    });

    app.post('/api/v1/metrics/write', { bodyLimit: deps.maxBodyBytes }, async (req, reply) => {
      let parsed: ParsedRows;
      try {
        parsed = parseRemoteWrite(req.body as Buffer, deps.maxRows);
      } catch (err) {
        return reply.status(400).send({ accepted: 0, rejected: 0, ignored: 0, errors: [{ at: 'body', message: `not a snappy-compressed WriteRequest: ${(err as Error).message}` }] });
      }
      const res = await finish(parsed, reply);
      return res.accepted === 0 && res.errors.length > 0 ? reply.status(400).send(res) : reply.status(204).send();
    });
  };
}
