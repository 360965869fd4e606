/**
 * @module Lead traffic: flows on the ports that come before an allocation. DHCP (67/68) and TFTP/PXE (69) over UDP,
 * DNS (53) over UDP or TCP, and HTTP(S) to configured provisioning hosts.
 */

import { parseCidr } from '../../core/ip';
import type { FlowRecord } from '../decoders';
import { PrefixTable, v6Bytes } from '../mapping';

/** Lead classes, in the order of their bucket columns. */
export const LEAD_CLASSES = ['dhcp', 'tftp', 'dns', 'prov'] as const;
/** One lead class. */
export type LeadClass = (typeof LEAD_CLASSES)[number];

/** Index of a lead class in LEAD_CLASSES, or -1 for ordinary traffic. */
export type LeadIndex = -1 | 0 | 1 | 2 | 3;

/** Which ports and hosts count as lead traffic. */
export interface LeadRules {
  dhcp: readonly number[];
  tftp: readonly number[];
  dns: readonly number[];
  provisioning: { hosts: readonly string[]; ports: readonly number[] };
}

/** Default rules: DHCP 67/68, TFTP 69, DNS 53, no provisioning hosts (HTTP 80/443 once hosts are set). */
export const DEFAULT_LEAD_RULES: LeadRules = { dhcp: [67, 68], tftp: [69], dns: [53], provisioning: { hosts: [], ports: [80, 443] } };

const UDP = 17;
const TCP = 6;

/** Classifies flow records into lead classes. */
export class LeadClassifier {
  private readonly dhcp: Set<number>;
  private readonly tftp: Set<number>;
  private readonly dns: Set<number>;
  private readonly provPorts: Set<number>;
  private readonly hosts = new PrefixTable<true>();

  constructor(rules: LeadRules = DEFAULT_LEAD_RULES) {
    this.dhcp = new Set(rules.dhcp);
    this.tftp = new Set(rules.tftp);
    this.dns = new Set(rules.dns);
    this.provPorts = new Set(rules.provisioning.ports);
    for (const h of rules.provisioning.hosts) {
      const c = parseCidr(h);
      if (c === null) throw new RangeError(`provisioning host is not an address or prefix: ${h}`);
      if (c.family === 4) this.hosts.insertV4(Number(c.value), c.length, true);
      else this.hosts.insertV6(v6Bytes(c.value), c.length, true);
    }
  }

  /** The lead class of one record, or -1. */
  classify(r: FlowRecord): LeadIndex {
    const sp = r.srcPort;
    const dp = r.dstPort;
    if (r.proto === UDP) {
      if (this.dhcp.has(dp) || this.dhcp.has(sp)) return 0;
      if (this.tftp.has(dp) || this.tftp.has(sp)) return 1;
    }
    if ((r.proto === UDP || r.proto === TCP) && (this.dns.has(dp) || this.dns.has(sp))) return 2;
    if (r.proto === TCP && this.hosts.size > 0) {
      if (this.provPorts.has(dp) && this.isHost(r, false)) return 3;
      if (this.provPorts.has(sp) && this.isHost(r, true)) return 3;
    }
    return -1;
  }

  private isHost(r: FlowRecord, src: boolean): boolean {
    if (r.ipVersion === 6) {
      const a = src ? r.srcAddr6 : r.dstAddr6;
      return a !== null && this.hosts.lookupV6(a) === true;
    }
    return this.hosts.lookupV4(src ? r.srcAddr : r.dstAddr) === true;
  }
}
