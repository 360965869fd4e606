/** @module Normalised flow record and per-protocol decode outputs shared by every decoder. */

import type { DecodeError } from './errors';

/** Which wire protocol a record was decoded from (`pcap`: summarised from raw captured traffic). */
export type FlowType = 'netflow_v5' | 'netflow_v9' | 'ipfix' | 'sflow_v5' | 'pcap';

/** Flow direction as the exporter reported it (IPFIX flowDirection 61), or unknown. */
export type FlowDirection = 'ingress' | 'egress' | 'unknown';

/**
 * One normalised flow. IPv4 addresses are uint32 numbers (0 when absent); IPv6 addresses are 16-byte arrays
 * (null when absent). MACs are 48-bit numbers. Zero means "not reported" for every numeric field except where noted.
 */
export interface FlowRecord {
  type: FlowType;
  /** Exporter key the caller passed in (usually the UDP source address). */
  exporter: string;
  /** NetFlow v9 source id, IPFIX observation domain id, sFlow sub-agent id, or v5 engine type<<8|engine id. */
  observationDomain: number;
  /** Receive time the caller passed in, in ms since the epoch (0 when not given). */
  receivedMs: number;
  /** 4, 6, or 0 when unknown. */
  ipVersion: number;
  srcAddr: number;
  dstAddr: number;
  nextHop: number;
  srcAddr6: Uint8Array | null;
  dstAddr6: Uint8Array | null;
  nextHop6: Uint8Array | null;
  srcPort: number;
  dstPort: number;
  proto: number;
  tcpFlags: number;
  tos: number;
  icmpType: number;
  icmpCode: number;
  bytes: number;
  packets: number;
  /** Flow start and end in ms since the epoch (0 when the exporter gave no usable time). */
  startMs: number;
  endMs: number;
  inIf: number;
  outIf: number;
  srcAs: number;
  dstAs: number;
  srcMask: number;
  dstMask: number;
  srcMac: number | null;
  dstMac: number | null;
  vlan: number;
  direction: FlowDirection;
  forwardingStatus: number;
  /** Sampler or selector id the record named (flowSamplerId 48 / selectorId 302), 0 if none. */
  samplerId: number;
  /** Exporter sampling rate (1 in N); 0 when the exporter did not say, 1 when unsampled. */
  samplingRate: number;
}

/** sFlow v5 generic interface counters (counter record 1) plus the sample they came in. */
export interface InterfaceCounters {
  exporter: string;
  agentAddr: number;
  agentAddr6: Uint8Array | null;
  subAgentId: number;
  receivedMs: number;
  sourceIdType: number;
  sourceIdIndex: number;
  ifIndex: number;
  ifType: number;
  ifSpeed: number;
  ifDirection: number;
  ifStatus: number;
  ifInOctets: number;
  ifInUcastPkts: number;
  ifInMulticastPkts: number;
  ifInBroadcastPkts: number;
  ifInDiscards: number;
  ifInErrors: number;
  ifInUnknownProtos: number;
  ifOutOctets: number;
  ifOutUcastPkts: number;
  ifOutMulticastPkts: number;
  ifOutBroadcastPkts: number;
  ifOutDiscards: number;
  ifOutErrors: number;
  ifPromiscuousMode: number;
}

/** NetFlow v5 header fields. */
export interface NetflowV5Header {
  version: 5;
  count: number;
  sysUptimeMs: number;
  unixSecs: number;
  unixNsecs: number;
  flowSequence: number;
  engineType: number;
  engineId: number;
  samplingMode: number;
  samplingInterval: number;
}

/** NetFlow v9 header fields (RFC 3954 section 5.1). */
export interface NetflowV9Header {
  version: 9;
  count: number;
  sysUptimeMs: number;
  unixSecs: number;
  sequence: number;
  sourceId: number;
}

/** IPFIX message header fields (RFC 7011 section 3.1). */
export interface IpfixHeader {
  version: 10;
  length: number;
  exportTime: number;
  sequence: number;
  observationDomainId: number;
}

/** sFlow v5 datagram header fields. */
export interface SflowHeader {
  version: 5;
  agentAddr: number;
  agentAddr6: Uint8Array | null;
  subAgentId: number;
  sequence: number;
  uptimeMs: number;
  sampleCount: number;
}

/** Per-message counts of template activity, for metrics. */
export interface TemplateActivity {
  learned: number;
  withdrawn: number;
  optionsRecords: number;
}

/** What one decoder returns for one datagram: header, records, counters and the errors met on the way. */
export interface DecodeResult<H> {
  /** Protocol the datagram was decoded as; null when it was not recognised. */
  protocol: FlowType | null;
  header: H | null;
  records: FlowRecord[];
  counters: InterfaceCounters[];
  templates: TemplateActivity;
  errors: DecodeError[];
}

/** Options every decoder accepts. */
export interface DecodeOptions {
  /** Receive time in ms since the epoch, copied into each record (sFlow also uses it as start and end). */
  receivedMs?: number;
}
