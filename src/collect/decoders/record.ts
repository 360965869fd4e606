/** @module Factories for an empty FlowRecord (so every record shares one object shape) and an empty DecodeResult. */

import type { DecodeResult, FlowRecord, FlowType } from './types';

/** A FlowRecord with every field at its "not reported" value. */
export function emptyRecord(type: FlowType, exporter: string, domain: number, receivedMs: number): FlowRecord {
  return {
    type,
    exporter,
    observationDomain: domain,
    receivedMs,
    ipVersion: 0,
    srcAddr: 0,
    dstAddr: 0,
    nextHop: 0,
    srcAddr6: null,
    dstAddr6: null,
    nextHop6: null,
    srcPort: 0,
    dstPort: 0,
    proto: 0,
    tcpFlags: 0,
    tos: 0,
    icmpType: 0,
    icmpCode: 0,
    bytes: 0,
    packets: 0,
    startMs: 0,
    endMs: 0,
    inIf: 0,
    outIf: 0,
    srcAs: 0,
    dstAs: 0,
    srcMask: 0,
    dstMask: 0,
    srcMac: null,
    dstMac: null,
    vlan: 0,
    direction: 'unknown',
    forwardingStatus: 0,
    samplerId: 0,
    samplingRate: 0,
  };
}

/** A DecodeResult with no header, records or errors yet. */
export function emptyResult<H>(protocol: FlowType | null): DecodeResult<H> {
  return { protocol, header: null, records: [], counters: [], templates: { learned: 0, withdrawn: 0, optionsRecords: 0 }, errors: [] };
}
