/**
 * @module The engine's policy (threshold, horizon, service level from the cost function, lead time and jitter, TTL,
 * caps), validated once, and the sizing rule: how many reservations a shadow inventory entry asks for.
 */
import { z } from 'zod';
import { CostModelSchema, criticalRatio } from '../allocate/cost';
import type { ShadowEntry } from '../core/shadow';

/** Policy knobs as accepted; every field has a default. */
export const EnginePolicySchema = z.object({
  /** Hold nothing for a resource whose P(any allocation within the horizon) is below this. */
  threshold: z.number().min(0).max(1).default(0.5),
  /** The shadow inventory horizon the engine acts on. */
  horizonMs: z.number().int().positive().default(15 * 60_000),
  /** A fixed newsvendor service level; without it, the level comes from the cost model. */
  serviceLevel: z.number().gt(0).lt(1).optional(),
  cost: CostModelSchema.default({ cWaste: 1, cDelay: 60, latencyMs: 60_000 }),
  /** How long before the expected arrival window opens a reservation is made. */
  leadTimeMs: z.number().int().min(0).default(0),
  /** The seed's "fuzzing": on `fraction` of reservations the lead time moves by a uniform draw in ±maxMs. */
  jitter: z.object({ fraction: z.number().min(0).max(1).default(0), maxMs: z.number().int().min(0).default(0) }).default({ fraction: 0, maxMs: 0 }),
  ttlMs: z.number().int().positive().default(30 * 60_000),
  /** Surplus reservations younger than this are kept (no flapping while writes settle); they still expire at TTL. */
  minHoldMs: z.number().int().min(0).default(0),
  maxPerResource: z.number().int().min(0).default(16),
  maxGlobal: z.number().int().min(0).default(1024),
  seed: z.number().int().default(1),
});
/** Policy as accepted. */
export type EnginePolicyInput = z.input<typeof EnginePolicySchema>;
/** A validated, frozen policy. */
export type EnginePolicy = Readonly<z.output<typeof EnginePolicySchema>>;

/** Validates a policy once; errors name the bad key. */
export function enginePolicy(input: EnginePolicyInput = {}): EnginePolicy {
  return Object.freeze(EnginePolicySchema.parse(input));
}

/** Expected idle time of a reservation made for this entry: lead plus half the ETA window, else half the horizon. */
export function expectedIdleMs(entry: ShadowEntry, policy: EnginePolicy): number {
  return entry.eta ? policy.leadTimeMs + (entry.eta.toMs - entry.eta.fromMs) / 2 : entry.horizonMs / 2;
}

/** The newsvendor service level for an entry: the policy's fixed level, or c_delay·L / (c_delay·L + c_waste·τ). */
export function serviceLevel(entry: ShadowEntry, policy: EnginePolicy): number {
  return policy.serviceLevel ?? criticalRatio(policy.cost, expectedIdleMs(entry, policy));
}

/** The entry's count at `level`: the first quantile with p ≥ level, else its highest quantile; 0 when it has none. */
export function quantileAt(entry: ShadowEntry, level: number): number {
  const qs = [...entry.quantiles].sort((a, b) => a.p - b.p);
  return (qs.find((q) => q.p >= level) ?? qs[qs.length - 1])?.count ?? 0;
}

/** Reservations to hold for an entry: 0 below the threshold, else the newsvendor count (at least 1), capped. */
export function targetCount(entry: ShadowEntry, policy: EnginePolicy): number {
  if (entry.pAny < policy.threshold) return 0;
  return Math.min(policy.maxPerResource, Math.max(1, quantileAt(entry, serviceLevel(entry, policy))));
}

/** Per resource, the valid entry at the policy's horizon with the latest `asOfMs`. */
export function currentEntries(entries: readonly ShadowEntry[], policy: EnginePolicy, now: number): Map<string, ShadowEntry> {
  const out = new Map<string, ShadowEntry>();
  for (const e of entries) {
    if (e.horizonMs !== policy.horizonMs || e.asOfMs > now || e.validUntilMs <= now) continue;
    const prev = out.get(e.resourceId);
    if (!prev || e.asOfMs > prev.asOfMs) out.set(e.resourceId, e);
  }
  return out;
}
