/** @module The JSON line the Kea hook sends per lease event (hooks/kea/README.md), validated with zod. */
import { z } from 'zod';
import { parseIp } from '../../core/ip';

/** Lease event types the hook emits. */
export const KEA_EVENT_TYPES = ['lease4_committed', 'lease4_renew', 'lease4_release', 'lease4_expire', 'lease4_decline', 'group_claim'] as const;
/** A hook event type. */
export type KeaEventType = (typeof KEA_EVENT_TYPES)[number];

const ipv4 = z.string().refine((s) => parseIp(s)?.family === 4 && !s.includes('/'), 'expected a dotted IPv4 address');
const hex = z.string().regex(/^([0-9a-f]{2}(:[0-9a-f]{2})*)?$/, 'expected colon-separated lowercase hex');

/** One event line, version 1. */
export const keaEventSchema = z.strictObject({
  v: z.literal(1),
  type: z.enum(KEA_EVENT_TYPES),
  ts: z.number().int().nonnegative(),
  address: ipv4,
  hwaddr: hex,
  client_id: hex.nullable(),
  hostname: z.string().max(255).nullable(),
  subnet_id: z.number().int().nonnegative(),
  valid_lft: z.number().int().nonnegative(),
  group: z.string().max(255).nullable(),
  classes: z.array(z.string().max(255)).max(64),
});

/** A validated hook event. */
export type KeaEvent = z.infer<typeof keaEventSchema>;

/** Parses one line; returns the event or a reason naming the bad field. */
export function parseEventLine(line: string): { ok: true; event: KeaEvent } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = keaEventSchema.safeParse(json);
  if (r.success) return { ok: true, event: r.data };
  const issue = r.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}

/** What an event means for ipshadow: an address taken, kept or given back. */
export function eventKind(type: KeaEventType): 'allocation' | 'renewal' | 'release' {
  switch (type) {
    case 'lease4_committed':
    case 'group_claim':
      return 'allocation';
    case 'lease4_renew':
      return 'renewal';
    default:
      return 'release';
  }
}
