/** @module GET /healthz and GET /metrics. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app';
import { LAST_FULL_SYNC } from '../../adapters/netbox';

/** Registers health and metrics routes. */
export function healthRoutes(server: FastifyInstance, app: App): void {
  server.get('/healthz', async (_req, reply) => {
    try {
      const last = await app.store.cursors.get<{ finishedAt: number }>(LAST_FULL_SYNC);
      return { status: 'ok', store: 'ok', lastFullSync: last?.finishedAt ?? null };
    } catch {
      return reply.status(503).send({ status: 'degraded', store: 'error', lastFullSync: null });
    }
  });
  server.get('/metrics', async (_req, reply) => {
    await app.collectGauges();
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });
}
