/** @module Lead time with seeded jitter, drawn from the reservation's idempotency key so a replay draws the same. */
import { Rng } from '../sim/rng';
import type { EnginePolicy } from './policy';

/** The lead time one reservation gets, and whether (and by how much) it was jittered. */
export interface Lead {
  leadMs: number;
  jitterMs: number;
  jittered: boolean;
}

/** FNV-1a 32-bit hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The lead for the reservation with this key under the policy (deterministic in seed and key). */
export function leadFor(key: string, policy: EnginePolicy): Lead {
  const rng = new Rng(fnv1a(`${policy.seed}:${key}`));
  const jittered = policy.jitter.maxMs > 0 && rng.next() < policy.jitter.fraction;
  const jitterMs = jittered ? Math.round((2 * rng.next() - 1) * policy.jitter.maxMs) : 0;
  return { leadMs: Math.max(0, policy.leadTimeMs + jitterMs), jitterMs, jittered };
}
