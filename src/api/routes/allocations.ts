/** @module The allocation API for orchestrators: always token-protected, idempotent by the client's key. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app';
import type { AllocationService } from '../../service/allocations';
import { allocationRequestSchema, shadowPushSchema } from '../allocation-schemas';
import { BadRequest, parseInput } from '../validate';

/** What the allocation routes need from the live service. */
export interface AllocationRouteDeps {
  allocations: AllocationService;
  /** Upserts pushed entries into the shadow inventory. */
  pushEntries: (entries: ReturnType<typeof shadowPushSchema.parse>['entries']) => Promise<number>;
  /** engine.observeOnly: entries are taken, allocations are refused (they would write). */
  observeOnly: boolean;
}

/** Registers POST /v1/allocations and POST /v1/shadow/entries (inside the token-guarded scope). */
export function allocationRoutes(server: FastifyInstance, app: App, deps: AllocationRouteDeps | undefined): void {
  // Writes need a token even where reads are open; without a running engine there is nothing to serve from.
  server.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/v1/allocations') && !req.url.startsWith('/v1/shadow/entries')) return;
    if (!app.config.api.token) return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: 'the allocation API needs api.token to be set' } });
    if (!deps) return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'the allocation engine is not running (engine.enabled is false)' } });
    if (deps.observeOnly && req.url.startsWith('/v1/allocations')) return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'engine.observeOnly is set: ipshadow writes nothing, so it allocates nothing' } });
  });
  const live = () => deps!;
  server.post('/v1/allocations', async (req, reply) => {
    const t0 = performance.now();
    const d = live();
    const body = parseInput(allocationRequestSchema, req.body, 'body');
    const key = body.key ?? (req.headers['idempotency-key'] as string | undefined);
    if (!key) throw new BadRequest('body.key: an idempotency key is required (body.key or the Idempotency-Key header)');
    const answer = await d.allocations.allocate({ resource: body.resource, key });
    const ms = performance.now() - t0;
    app.metrics.allocationSeconds.observe({ outcome: answer.replayed ? 'replayed' : answer.outcome }, ms / 1000);
    app.log.info('allocation.served', { key, resource: body.resource, outcome: answer.outcome, address: answer.address, replayed: answer.replayed, ms: Math.round(ms * 1000) / 1000 });
    return reply.status(answer.replayed || answer.outcome === 'hit' ? 200 : 201).send(answer);
  });
  server.post('/v1/shadow/entries', async (req) => {
    const d = live();
    const body = parseInput(shadowPushSchema, req.body, 'body');
    return { stored: await d.pushEntries(body.entries) };
  });
}
