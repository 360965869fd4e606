/** @module zod schemas for API inputs and outputs; the OpenAPI document is generated from them. */
import { z } from 'zod';
import { RESERVATION_STATES } from '../core/reservation';

/** Schemas that appear as named components in the OpenAPI document. */
export const apiRegistry = z.registry<{ id: string }>();

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).register(apiRegistry, { id: 'Error' });

export const healthSchema = z.object({ status: z.enum(['ok', 'degraded']), store: z.enum(['ok', 'error']), lastFullSync: z.number().nullable() }).register(apiRegistry, { id: 'Health' });

export const resourceSchema = z.object({
  id: z.string(),
  kind: z.enum(['interface', 'group']),
  name: z.string(),
  mac: z.string().nullable(),
  parentType: z.enum(['vm', 'device']).nullable(),
  parentId: z.number().nullable(),
  interfaceId: z.number().nullable(),
  groupBy: z.enum(['tag', 'role', 'cluster', 'tenant']).nullable(),
  groupValue: z.string().nullable(),
  tenantId: z.number().nullable(),
  attrs: z.record(z.string(), z.unknown()),
}).register(apiRegistry, { id: 'Resource' });

export const resourceWithMembersSchema = resourceSchema.extend({ members: z.array(z.string()) }).register(apiRegistry, { id: 'ResourceWithMembers' });

export const reservationSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  resourceId: z.string(),
  state: z.enum(RESERVATION_STATES),
  address: z.string().nullable(),
  sourceKind: z.enum(['prefix', 'ip-range']).nullable(),
  sourceId: z.number().nullable(),
  netboxIpId: z.number().nullable(),
  mac: z.string().nullable(),
  confidence: z.number(),
  expiresAt: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
}).register(apiRegistry, { id: 'Reservation' });

export const resourceQuery = z.object({ kind: z.enum(['interface', 'group']).optional() });
export const reservationQuery = z.object({
  state: z.string().optional().transform((s) => (s ? s.split(',') : undefined)).pipe(z.array(z.enum(RESERVATION_STATES)).optional()),
  resource: z.string().optional(),
});
export const idParams = z.object({ id: z.string().min(1) });

export const webhookAck = z.object({ applied: z.boolean(), event: z.string(), objectType: z.string(), id: z.number() }).register(apiRegistry, { id: 'WebhookAck' });
