/** @module Read endpoints for resources and reservations, behind the optional API token. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app';
import { IpshadowError } from '../../core/errors';
import { idParams, reservationQuery, resourceQuery } from '../schemas';
import { parseInput } from '../validate';

/** Registers /v1/resources and /v1/reservations. */
export function readRoutes(server: FastifyInstance, app: App): void {
  server.get('/v1/resources', async (req) => {
    const q = parseInput(resourceQuery, req.query, 'query');
    return app.store.resources.list(q.kind);
  });
  server.get('/v1/resources/:id', async (req) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const resource = await app.store.resources.get(id);
    if (!resource) throw new IpshadowError('NOT_FOUND', `resource ${id} not found`);
    return { ...resource, members: resource.kind === 'group' ? await app.store.resources.members(id) : [] };
  });
  server.get('/v1/reservations', async (req) => {
    const q = parseInput(reservationQuery, req.query, 'query');
    return app.store.reservations.list({ states: q.state, resourceId: q.resource });
  });
  server.get('/v1/reservations/:id', async (req) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const reservation = await app.store.reservations.get(id);
    if (!reservation) throw new IpshadowError('NOT_FOUND', `reservation ${id} not found`);
    return reservation;
  });
}
