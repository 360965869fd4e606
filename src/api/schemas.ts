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

export const shadowEntrySchema = z.object({
  resourceId: z.string(),
  asOfMs: z.number(),
  horizonMs: z.number(),
  pAny: z.number().min(0).max(1),
  quantiles: z.array(z.object({ p: z.number(), count: z.number().int() })),
  eta: z.object({ fromMs: z.number(), toMs: z.number() }).nullable(),
  resourceType: z.string(),
  expectedBandwidthBps: z.number().nullable(),
  model: z.string(),
  validUntilMs: z.number(),
}).register(apiRegistry, { id: 'ShadowEntry' });

const flag = z.enum(['true', 'false']).optional().transform((s) => s === 'true');
export const shadowQuery = z.object({
  resource: z.string().min(1).optional(),
  horizon: z.coerce.number().positive().optional(),
  minP: z.coerce.number().min(0).max(1).optional(),
  stale: flag,
});
export const shadowParams = z.object({ resource: z.string().min(1) });
export const shadowResourceQuery = z.object({ stale: flag });

export const metricRowInputSchema = z.object({
  resource: z.string().optional(),
  ip: z.string().optional(),
  mac: z.string().optional(),
  metric: z.string(),
  value: z.union([z.number(), z.string()]),
  ts: z.union([z.number(), z.string()]),
}).register(apiRegistry, { id: 'MetricRow' });

export const metricsIngestReplySchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  ignored: z.number().int(),
  errors: z.array(z.object({ at: z.string(), message: z.string() })),
}).register(apiRegistry, { id: 'MetricsIngestReply' });
