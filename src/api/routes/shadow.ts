/** @module Read endpoints for the shadow inventory, behind the optional API token. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app';
import { IpshadowError } from '../../core/errors';
import { shadowParams, shadowQuery, shadowResourceQuery } from '../schemas';
import { parseInput } from '../validate';

/** Registers /v1/shadow (filters: resource, horizon in minutes, minP; stale=true includes expired entries) and /v1/shadow/:resource. */
export function shadowRoutes(server: FastifyInstance, app: App): void {
  server.get('/v1/shadow', async (req) => {
    const q = parseInput(shadowQuery, req.query, 'query');
    return app.store.shadow.list({
      resourceId: q.resource, horizonMs: q.horizon === undefined ? undefined : Math.round(q.horizon * 60_000), minP: q.minP,
      validAt: q.stale ? undefined : Date.now(),
    });
  });
  server.get('/v1/shadow/:resource', async (req) => {
    const { resource } = parseInput(shadowParams, req.params, 'path');
    const q = parseInput(shadowResourceQuery, req.query, 'query');
    const entries = await app.store.shadow.list({ resourceId: resource, validAt: q.stale ? undefined : Date.now() });
    if (entries.length === 0) throw new IpshadowError('NOT_FOUND', `no ${q.stale ? '' : 'valid '}shadow inventory entries for ${resource}`);
    return entries;
  });
}
