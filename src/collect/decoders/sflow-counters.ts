/** @module sFlow v5 counter samples (format 2) and expanded counter samples (format 4); generic interface counters. */

import { readU64 } from './bytes';
import { DecodeError } from './errors';
import { walkSflowRecords } from './sflow-records';
import type { InterfaceCounters, SflowHeader } from './types';

export const SFLOW_COUNTER_SAMPLE = 2;
export const SFLOW_COUNTER_SAMPLE_EXPANDED = 4;
/** sFlow v5 counter record 1: if_counters (generic interface counters, 88 bytes). */
export const SFLOW_GENERIC_INTERFACE_COUNTERS = 1;

/** Decode a counter sample body [p, end), pushing one entry per generic interface counters record. */
export function decodeCounterSample(dv: DataView, format: number, p: number, end: number, h: SflowHeader, exporter: string, receivedMs: number, out: InterfaceCounters[]): void {
  const expanded = format === SFLOW_COUNTER_SAMPLE_EXPANDED;
  const head = expanded ? 16 : 12;
  if (end - p < head) throw new DecodeError('truncated', 'counter sample shorter than its fixed fields', { format });
  const sourceIdType = expanded ? dv.getUint32(p + 4) : dv.getUint32(p + 4) >>> 24;
  const sourceIdIndex = expanded ? dv.getUint32(p + 8) : dv.getUint32(p + 4) & 0xffffff;
  walkSflowRecords(dv, p + head, end, dv.getUint32(p + head - 4), 'counter', (fmt, q, qEnd) => {
    if (fmt === SFLOW_GENERIC_INTERFACE_COUNTERS && qEnd - q >= 88) {
      out.push(readIfCounters(dv, q, { exporter, agentAddr: h.agentAddr, agentAddr6: h.agentAddr6, subAgentId: h.subAgentId, receivedMs, sourceIdType, sourceIdIndex }));
    }
  });
}

/** Read the 88-byte if_counters structure at `p`. */
function readIfCounters(dv: DataView, p: number, base: Pick<InterfaceCounters, 'exporter' | 'agentAddr' | 'agentAddr6' | 'subAgentId' | 'receivedMs' | 'sourceIdType' | 'sourceIdIndex'>): InterfaceCounters {
  const u = (o: number): number => dv.getUint32(p + o);
  return {
    ...base,
    ifIndex: u(0),
    ifType: u(4),
    ifSpeed: readU64(dv, p + 8),
    ifDirection: u(16),
    ifStatus: u(20),
    ifInOctets: readU64(dv, p + 24),
    ifInUcastPkts: u(32),
    ifInMulticastPkts: u(36),
    ifInBroadcastPkts: u(40),
    ifInDiscards: u(44),
    ifInErrors: u(48),
    ifInUnknownProtos: u(52),
    ifOutOctets: readU64(dv, p + 56),
    ifOutUcastPkts: u(64),
    ifOutMulticastPkts: u(68),
    ifOutBroadcastPkts: u(72),
    ifOutDiscards: u(76),
    ifOutErrors: u(80),
    ifPromiscuousMode: u(84),
  };
}
