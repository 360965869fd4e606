/**
 * @module Map flow endpoints to resources through the NetBox mirror: an exact address (IP record assigned to an
 * interface) gives the interface resource and its groups; otherwise the longest NetBox prefix holding the address
 * gives the groups that draw from it. An interface MAC is the fallback when the address is unknown.
 */

import { parseCidr, parseIp } from '../../core/ip';
import type { Resource } from '../../core/resource';
import { PrefixTable } from './prefix-table';

/** What the map is built from: resources, group memberships and the mirror's prefixes. */
export interface ResourceMapInput {
  resources: readonly Resource[];
  members: ReadonlyArray<{ groupId: string; memberId: string }>;
  prefixes: ReadonlyArray<{ id: number; prefix: string }>;
}

/** Resource ids an endpoint belongs to (interface first, then groups); shared arrays, never mutated. */
export type ResourceIds = readonly string[];

const NONE: ResourceIds = Object.freeze([]);

/** 16 bytes of an IPv6 bigint. */
export function v6Bytes(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A MAC as a 48-bit number from `aa:bb:cc:dd:ee:ff` (or `-` / no separators); null when invalid. */
export function parseMac(text: string): number | null {
  const hex = text.replace(/[:.-]/g, '');
  return /^[0-9a-fA-F]{12}$/.test(hex) ? parseInt(hex, 16) : null;
}

const v6Key = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, 16).toString('hex');

/** Endpoint → resources lookups, built once from a mirror snapshot and replaced whole on refresh. */
export class ResourceMap {
  private readonly exactV4 = new Map<number, ResourceIds>();
  private readonly exactV6 = new Map<string, ResourceIds>();
  private readonly prefixes = new PrefixTable<ResourceIds>();
  private readonly macs = new Map<number, ResourceIds>();
  private readonly known = new Set<string>();

  constructor(input: ResourceMapInput) {
    const groupIds = new Set(input.resources.filter((r) => r.kind === 'group').map((r) => r.id));
    const groupsOf = new Map<string, string[]>();
    for (const m of input.members) if (groupIds.has(m.groupId)) groupsOf.set(m.memberId, [...(groupsOf.get(m.memberId) ?? []), m.groupId]);
    const groupsByPrefix = new Map<number, string[]>();
    for (const r of input.resources) {
      this.known.add(r.id);
      if (r.kind !== 'group') continue;
      for (const pid of (r.attrs.prefixIds as number[] | undefined) ?? []) groupsByPrefix.set(pid, [...(groupsByPrefix.get(pid) ?? []), r.id]);
    }
    for (const p of input.prefixes) {
      const cidr = parseCidr(p.prefix);
      const groups = groupsByPrefix.get(p.id);
      if (cidr === null || groups === undefined) continue;
      const ids = Object.freeze([...groups].sort());
      if (cidr.family === 4) this.prefixes.insertV4(Number(cidr.value), cidr.length, ids);
      else this.prefixes.insertV6(v6Bytes(cidr.value), cidr.length, ids);
    }
    for (const r of input.resources) {
      if (r.kind !== 'interface') continue;
      const own = [r.id, ...(groupsOf.get(r.id) ?? []).sort()];
      for (const text of (r.attrs.addresses as string[] | undefined) ?? []) {
        const ip = parseIp(text);
        if (ip === null) continue;
        if (ip.family === 4) {
          const n = Number(ip.value);
          this.exactV4.set(n, merge(this.exactV4.get(n), own, this.prefixes.lookupV4(n)));
        } else {
          const b = v6Bytes(ip.value);
          this.exactV6.set(v6Key(b), merge(this.exactV6.get(v6Key(b)), own, this.prefixes.lookupV6(b)));
        }
      }
      const mac = r.mac === null ? null : parseMac(r.mac);
      if (mac !== null) this.macs.set(mac, merge(this.macs.get(mac), own, undefined));
    }
  }

  /** True when `id` is a resource the map was built with. */
  has(id: string): boolean {
    return this.known.has(id);
  }

  /** Resources of an IPv4 endpoint (uint32), or an empty array. */
  ofV4(addr: number): ResourceIds {
    return this.exactV4.get(addr) ?? this.prefixes.lookupV4(addr) ?? NONE;
  }

  /** Resources of an IPv6 endpoint (16 bytes), or an empty array. */
  ofV6(addr: Uint8Array): ResourceIds {
    return this.exactV6.get(v6Key(addr)) ?? this.prefixes.lookupV6(addr) ?? NONE;
  }

  /** Resources of an interface MAC (48-bit number), or an empty array. */
  ofMac(mac: number): ResourceIds {
    return this.macs.get(mac) ?? NONE;
  }

  /** Resources of an address or MAC given as text, or an empty array when it is unknown or unparsable. */
  ofText(text: string): ResourceIds {
    const mac = text.includes(':') && text.length === 17 ? parseMac(text) : null;
    if (mac !== null) return this.ofMac(mac);
    const ip = parseIp(text);
    if (ip === null) return NONE;
    return ip.family === 4 ? this.ofV4(Number(ip.value)) : this.ofV6(v6Bytes(ip.value));
  }

  /** Sizes, for logs and metrics. */
  stats(): { addresses: number; prefixes: number; macs: number; resources: number } {
    return { addresses: this.exactV4.size + this.exactV6.size, prefixes: this.prefixes.size, macs: this.macs.size, resources: this.known.size };
  }
}

/** Union of id lists, first list's order first, without duplicates. */
function merge(a: ResourceIds | undefined, b: readonly string[], c: ResourceIds | undefined): ResourceIds {
  const out = new Set<string>([...(a ?? []), ...b, ...(c ?? [])]);
  return Object.freeze([...out]);
}

/** An empty map (before the first mirror load). */
export function emptyResourceMap(): ResourceMap {
  return new ResourceMap({ resources: [], members: [], prefixes: [] });
}
