/** @module Which address spans a source offers under a selection policy (prefix rules as NetBox's available-ips). */
import { IpshadowError } from '../core/errors';
import { parseCidr } from '../core/ip';
import type { AddressSource, SelectionPolicy } from '../core/ports';
import type { IpamRange, IpamRepo } from '../store/ipam-repo';
import { mustParseIp } from './address';
import { subtract, type Span } from './select';

/** A source resolved to the spans addresses may come from. */
export interface ResolvedSource {
  family: 4 | 6;
  spans: Span[];
}

const rangeSpan = (r: IpamRange): Span => ({ lo: mustParseIp(r.start_address).value, hi: mustParseIp(r.end_address).value });
const inside = (outer: Span, s: Span): boolean => s.lo >= outer.lo && s.hi <= outer.hi;

function noRoom(source: AddressSource, why: string): IpshadowError {
  return new IpshadowError('NETBOX_NO_ROOM', `embedded IPAM: ${source.kind} ${source.id} ${why}`, { source });
}

/**
 * A prefix offers its addresses less populated and shadow ranges, and for a non-pool prefix less the IPv4 network and broadcast
 * addresses (IPv6: the subnet-router anycast address). `shadow-range` and `per-tenant` narrow a prefix to its shadow
 * ranges or to the tenant's ranges; on a range source they check the range itself.
 */
export async function resolveSpans(repo: IpamRepo, source: AddressSource, sel: SelectionPolicy): Promise<ResolvedSource> {
  if (source.kind === 'ip-range') {
    const r = await repo.range(source.id);
    if (!r) throw new IpshadowError('NOT_FOUND', `embedded IPAM: ip-range ${source.id} not found`, { source });
    if (sel.policy === 'shadow-range' && !r.shadow) throw noRoom(source, 'is not a shadow range');
    if (sel.policy === 'per-tenant' && r.tenant_id !== sel.tenantId) throw noRoom(source, `is not tenant ${sel.tenantId}'s`);
    return { family: r.family as 4 | 6, spans: [rangeSpan(r)] };
  }
  const p = await repo.prefix(source.id);
  const c = p && parseCidr(p.prefix);
  if (!p || !c) throw new IpshadowError('NOT_FOUND', `embedded IPAM: prefix ${source.id} not found`, { source });
  const bits = BigInt(c.family === 4 ? 32 : 128), size = 1n << (bits - BigInt(c.length));
  const lo = (c.value >> (bits - BigInt(c.length))) << (bits - BigInt(c.length));
  const whole: Span = { lo, hi: lo + size - 1n };
  const ranges = (await repo.ranges(c.family)).filter((r) => inside(whole, rangeSpan(r)));
  const pick = sel.policy === 'shadow-range' ? ranges.filter((r) => r.shadow) : sel.policy === 'per-tenant' ? ranges.filter((r) => r.tenant_id === sel.tenantId) : null;
  if (pick) {
    if (pick.length > 0) return { family: c.family, spans: pick.map(rangeSpan).sort((a, b) => (a.lo < b.lo ? -1 : 1)) };
    if (sel.policy === 'per-tenant' && p.tenant_id === sel.tenantId) return { family: c.family, spans: prefixSpans(whole, c.family, c.length, p.is_pool === 1, ranges) };
    throw noRoom(source, sel.policy === 'shadow-range' ? 'has no shadow range' : `has no range of tenant ${sel.policy === 'per-tenant' ? sel.tenantId : ''}`);
  }
  return { family: c.family, spans: prefixSpans(whole, c.family, c.length, p.is_pool === 1, ranges) };
}

function prefixSpans(whole: Span, family: 4 | 6, length: number, isPool: boolean, ranges: readonly IpamRange[]): Span[] {
  const holes = ranges.filter((r) => r.mark_populated || r.shadow).map(rangeSpan);
  if (!isPool && family === 4 && length < 31) holes.push({ lo: whole.lo, hi: whole.lo }, { lo: whole.hi, hi: whole.hi });
  if (!isPool && family === 6 && length < 127) holes.push({ lo: whole.lo, hi: whole.lo });
  const spans = subtract(whole, holes);
  if (spans.length === 0) throw new IpshadowError('NETBOX_NO_ROOM', 'embedded IPAM: prefix has no usable addresses', {});
  return spans;
}
