/**
 * @module The JSON line the Kea hook sends per lease event (hooks/kea/README.md). The zod schema is the specification;
 * `parseEventLine` checks the same rules by hand because it runs once per lease on the sidecar's hot path
 * (zod cost ~5 µs a line, a quarter of a core at 26k leases/s on this machine), and reads a line in the hook's own
 * rendering with one regular expression instead of JSON.parse (bench:kea-event-ingest).
 */
import { z } from 'zod';
import { isIpv4Text } from '../../core/ip';

/** Lease event types the hook emits. */
export const KEA_EVENT_TYPES = ['lease4_committed', 'lease4_renew', 'lease4_release', 'lease4_expire', 'lease4_decline', 'group_claim'] as const;
/** A hook event type. */
export type KeaEventType = (typeof KEA_EVENT_TYPES)[number];

const HEX = /^([0-9a-f]{2}(:[0-9a-f]{2})*)?$/;
const ipv4 = z.string().refine(isIpv4Text, 'expected a dotted IPv4 address');
const hex = z.string().regex(HEX, 'expected colon-separated lowercase hex');

/** One event line, version 1 (the specification; `parseEventLine` must accept exactly what this accepts). */
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

/** The outcome of parsing one line. */
export type ParsedLine = { ok: true; event: KeaEvent } | { ok: false; reason: string };

const FIELDS = new Set(Object.keys(keaEventSchema.shape));
const TYPES = new Set<string>(KEA_EVENT_TYPES);

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isText = (x: unknown): x is string => typeof x === 'string' && x.length <= 255;
const isHex = (x: unknown): x is string => typeof x === 'string' && HEX.test(x);

/** The first rule `o` breaks, as "field: why", or null when it is a valid event. */
function violation(o: Record<string, unknown>): string | null {
  for (const k in o) if (!FIELDS.has(k)) return `(root): unknown key "${k}"`;
  if (o.v !== 1) return 'v: expected 1';
  if (typeof o.type !== 'string' || !TYPES.has(o.type)) return `type: expected one of ${KEA_EVENT_TYPES.join('|')}`;
  if (!isCount(o.ts)) return 'ts: expected a non-negative integer';
  if (typeof o.address !== 'string' || !isIpv4Text(o.address)) return 'address: expected a dotted IPv4 address';
  if (!isHex(o.hwaddr)) return 'hwaddr: expected colon-separated lowercase hex';
  if (o.client_id !== null && !isHex(o.client_id)) return 'client_id: expected colon-separated lowercase hex or null';
  if (o.hostname !== null && !isText(o.hostname)) return 'hostname: expected a string of at most 255 characters or null';
  if (!isCount(o.subnet_id)) return 'subnet_id: expected a non-negative integer';
  if (!isCount(o.valid_lft)) return 'valid_lft: expected a non-negative integer';
  if (o.group !== null && !isText(o.group)) return 'group: expected a string of at most 255 characters or null';
  const classes = o.classes;
  if (!Array.isArray(classes) || classes.length > 64) return 'classes: expected an array of at most 64 strings';
  for (let i = 0; i < classes.length; i++) if (!isText(classes[i])) return `classes.${i}: expected a string of at most 255 characters`;
  return null;
}

/** A JSON string with nothing to unescape (no backslash, no control character), quotes included. */
const PLAIN = '"[^"\\\\\\u0000-\\u001f]*"';
const COUNT = '(0|[1-9][0-9]{0,15})';
const HEXES = '(?:[0-9a-f]{2}(?::[0-9a-f]{2})*)?';
/** The line exactly as hooks/kea/ipshadow_event.cc renders it: keys in its order, no whitespace, plain strings. */
const RENDERED = new RegExp(
  `^\\{"v":1,"type":"(${KEA_EVENT_TYPES.join('|')})","ts":${COUNT},"address":"([0-9.]{7,15})","hwaddr":"(${HEXES})",` +
    `"client_id":(null|"${HEXES}"),"hostname":(null|${PLAIN}),"subnet_id":${COUNT},"valid_lft":${COUNT},` +
    `"group":(null|${PLAIN}),"classes":\\[((?:${PLAIN}(?:,${PLAIN})*)?)\\]\\}$`,
);

const unquote = (s: string): string | null => (s === 'null' ? null : s.slice(1, -1));

/** The event in a line of the hook's own rendering, or null for any other line (left to JSON.parse and `violation`). */
function readRendered(line: string): KeaEvent | null {
  const m = RENDERED.exec(line);
  if (m === null) return null;
  const [, type, ts, address, hwaddr, clientId, hostname, subnetId, validLft, group, list] = m as unknown as string[];
  const classes = list!.length === 0 ? [] : list!.slice(1, -1).split('","');
  const event: KeaEvent = {
    v: 1, type: type as KeaEventType, ts: Number(ts), address: address!, hwaddr: hwaddr!, client_id: unquote(clientId!),
    hostname: unquote(hostname!), subnet_id: Number(subnetId), valid_lft: Number(validLft), group: unquote(group!), classes,
  };
  // The rules the expression leaves out; a line that breaks one goes the slow way, which names the rule.
  return isIpv4Text(event.address) && isCount(event.ts) && isCount(event.subnet_id) && isCount(event.valid_lft) && (event.hostname === null || isText(event.hostname)) &&
    (event.group === null || isText(event.group)) && classes.length <= 64 && classes.every(isText)
    ? event
    : null;
}

/** Parses one line; returns the event or a reason naming the bad field. */
export function parseEventLine(line: string): ParsedLine {
  const rendered = readRendered(line);
  if (rendered !== null) return { ok: true, event: rendered };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: '(root): expected an object' };
  const reason = violation(json as Record<string, unknown>);
  return reason === null ? { ok: true, event: json as KeaEvent } : { ok: false, reason };
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
