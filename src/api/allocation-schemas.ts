/** @module zod schemas of the allocation API and of pushed shadow entries (registered for the OpenAPI document). */
import { z } from 'zod';
import { apiRegistry, shadowEntrySchema } from './schemas';

/** `POST /v1/allocations`: the resource, and the client's idempotency key (or the `Idempotency-Key` header). */
export const allocationRequestSchema = z.strictObject({
  resource: z.string().min(1).max(255),
  key: z.string().min(1).max(255).optional(),
}).register(apiRegistry, { id: 'AllocationRequest' });

/** The answer; a retry of the same key gets the same body with `replayed: true`. */
export const allocationAnswerSchema = z.object({
  key: z.string(),
  resource: z.string(),
  outcome: z.enum(['hit', 'miss']),
  address: z.string(),
  reservationId: z.string(),
  replayed: z.boolean(),
}).register(apiRegistry, { id: 'AllocationAnswer' });

/** `POST /v1/shadow/entries`: entries from an external forecaster, acted on like the built-in ones. */
export const shadowPushSchema = z.strictObject({ entries: z.array(shadowEntrySchema).min(1).max(10_000) }).register(apiRegistry, { id: 'ShadowPush' });
