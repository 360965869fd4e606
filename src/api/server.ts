/** @module Builds the fastify server: health, metrics, NetBox webhooks, read API, shadow inventory, metrics ingest and its OpenAPI description. */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from '../app';
import type { WebhookOutcome } from '../adapters/netbox';
import { installErrorHandler } from './errors';
import { openApiDocument } from './openapi';
import { healthRoutes } from './routes/health';
import { allocationRoutes, type AllocationRouteDeps } from './routes/allocations';
import { readRoutes } from './routes/read';
import { shadowRoutes } from './routes/shadow';
import { webhookRoutes } from './routes/webhooks';
import { metricsIngestRoutes } from '../collect';

/** Server hooks the service wires in. */
export interface ServerOptions {
  onWebhookApplied?: (o: WebhookOutcome) => void;
  version?: string;
  /** The live engine's allocation API; absent when the engine is not running (the routes answer 503). */
  allocations?: AllocationRouteDeps;
}

function tokenMatches(expected: string, header: string | undefined): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Creates the server (not yet listening). */
export async function buildServer(app: App, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, trustProxy: false });
  installErrorHandler(server, app.log);
  healthRoutes(server, app);
  server.get('/openapi.json', async () => openApiDocument(opts.version ?? '0.0.0'));
  await webhookRoutes(server, app, opts.onWebhookApplied ?? (() => undefined));
  await server.register(async (scope) => {
    const token = app.config.api.token;
    if (token) {
      scope.addHook('onRequest', async (req, reply) => {
        if (!tokenMatches(token, req.headers.authorization)) {
          return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: 'missing or invalid bearer token' } });
        }
      });
    }
    allocationRoutes(scope, app, opts.allocations);
    readRoutes(scope, app);
    shadowRoutes(scope, app);
    const limits = app.config.collect.metricsIngest;
    await scope.register(metricsIngestRoutes({ map: () => app.collect.pipeline.resourceMap(), store: app.store.telemetry, maxRows: limits.maxRows, maxBodyBytes: limits.maxBodyBytes, stats: app.collect.stats, log: app.log }));
  });
  return server;
}
