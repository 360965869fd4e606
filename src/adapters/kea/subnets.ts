/**
 * @module Kea's IPv4 subnets by prefix: the subnet of a host row or pre-lease address, and of events whose line says
 * subnet_id 0 (in events-only mode on Kea 2.2 the hook reads the lease from the packets at pkt4_send, which has no
 * subnet there; registering lease4_select for it costs Kea 3.5% more instructions per lease, callgrind). The table
 * comes from `kea.subnets` and from Kea's own `config-get`.
 */
import { IpshadowError } from '../../core/errors';
import { isIpv4Text, parseCidr } from '../../core/ip';
import type { KeaControl } from './control';
import type { KeaEvent } from './event-line';

/** A Kea subnet: its `subnet4[].id` and prefix. */
export interface KeaSubnet {
  id: number;
  prefix: string;
}

interface Span {
  id: number;
  base: number;
  mask: number;
}

/** `a.b.c.d` as an unsigned 32-bit number (the text is already a valid dotted quad). */
function v4(text: string): number {
  let value = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 46) {
      value = value * 256 + Number(text.slice(start, i));
      start = i + 1;
    }
  }
  return value >>> 0;
}

/** An IPv4 `a.b.c.d/len` as base and mask; null for IPv6, a bare address or anything unparsable. */
function span(s: KeaSubnet): Span | null {
  const cidr = s.prefix.includes('/') ? parseCidr(s.prefix) : null;
  if (cidr?.family !== 4) return null;
  const mask = cidr.length === 0 ? 0 : (0xffffffff << (32 - cidr.length)) >>> 0;
  return { id: s.id, base: (Number(cidr.value) & mask) >>> 0, mask };
}

/** Finds the subnet of an address in unsigned 32-bit arithmetic (it runs once per Kea 2.2 lease). */
export class KeaSubnetTable {
  private spans: Span[] = [];

  constructor(subnets: readonly KeaSubnet[] = []) {
    this.replace(subnets);
  }

  /** Takes a new list; the first subnet holding an address wins, so list the configured ones first. */
  replace(subnets: readonly KeaSubnet[]): void {
    this.spans = subnets.map(span).filter((s): s is Span => s !== null);
  }

  get size(): number {
    return this.spans.length;
  }

  /** The id of the subnet holding `address`, or 0 when none does (an IPv6 or malformed address included). */
  idOf(address: string): number {
    if (!isIpv4Text(address)) return 0;
    const ip = v4(address);
    for (const s of this.spans) if (((ip & s.mask) >>> 0) === s.base) return s.id;
    return 0;
  }

  /** Reloads from `configured` followed by Kea's own subnets (config-get); on failure it throws and keeps the old table. */
  async learn(control: KeaControl, configured: readonly KeaSubnet[]): Promise<number> {
    const fromKea = await fetchKeaSubnets(control);
    this.replace([...configured, ...fromKea]);
    return fromKea.length;
  }

  /** Sets subnet_id on the events whose line left it 0 (Kea 2.2, events-only); returns how many stayed unknown. */
  fill(events: KeaEvent[]): number {
    let unknown = 0;
    for (const e of events) {
      if (e.subnet_id !== 0) continue;
      e.subnet_id = this.idOf(e.address);
      if (e.subnet_id === 0) unknown++;
    }
    return unknown;
  }
}

interface Dhcp4Subnets {
  subnet4?: { id?: unknown; subnet?: unknown }[];
  'shared-networks'?: { subnet4?: { id?: unknown; subnet?: unknown }[] }[];
}

/** Kea's subnets from `config-get`: top-level `subnet4` and those inside `shared-networks`. */
export async function fetchKeaSubnets(control: KeaControl): Promise<KeaSubnet[]> {
  const answer = await control.send<{ Dhcp4?: Dhcp4Subnets }>('config-get');
  if (answer.result !== 0 || !answer.arguments?.Dhcp4) {
    throw new IpshadowError('KEA_COMMAND', `config-get failed: ${answer.text ?? `result ${answer.result}`}`, { command: 'config-get', result: answer.result });
  }
  const d = answer.arguments.Dhcp4;
  const all = [...(d.subnet4 ?? []), ...(d['shared-networks'] ?? []).flatMap((n) => n.subnet4 ?? [])];
  return all.flatMap((s) => (typeof s.id === 'number' && s.id > 0 && typeof s.subnet === 'string' ? [{ id: s.id, prefix: s.subnet }] : []));
}
