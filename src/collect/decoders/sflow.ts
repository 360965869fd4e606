/** @module sFlow v5 datagrams (sFlow.org sFlow Version 5): header, then flow and counter samples. */

import { readIpv6, viewOf } from './bytes';
import { DecodeError, toDecodeError } from './errors';
import { decodeCounterSample, SFLOW_COUNTER_SAMPLE, SFLOW_COUNTER_SAMPLE_EXPANDED } from './sflow-counters';
import { decodeFlowSample, SFLOW_FLOW_SAMPLE, SFLOW_FLOW_SAMPLE_EXPANDED } from './sflow-flow-sample';
import { emptyResult } from './record';
import type { DecodeOptions, DecodeResult, SflowHeader } from './types';

/** sFlow datagram version 5. */
export const SFLOW_VERSION = 5;
/** sFlow address types. */
export const SFLOW_ADDRESS_IPV4 = 1;
export const SFLOW_ADDRESS_IPV6 = 2;

/** Read the datagram header; returns it and the offset of the first sample, or throws DecodeError. */
function readHeader(dv: DataView): [SflowHeader, number] {
  if (dv.byteLength < 8) throw new DecodeError('truncated', 'shorter than the sFlow header', { length: dv.byteLength });
  const version = dv.getUint32(0);
  if (version !== SFLOW_VERSION) throw new DecodeError('bad_version', 'not sFlow v5', { version });
  const type = dv.getUint32(4);
  const addrLen = type === SFLOW_ADDRESS_IPV4 ? 4 : type === SFLOW_ADDRESS_IPV6 ? 16 : -1;
  if (addrLen < 0) throw new DecodeError('unsupported', 'unknown agent address type', { type });
  const p = 8 + addrLen;
  if (dv.byteLength < p + 16) throw new DecodeError('truncated', 'shorter than the sFlow header', { length: dv.byteLength });
  const h: SflowHeader = {
    version: 5,
    agentAddr: addrLen === 4 ? dv.getUint32(8) : 0,
    agentAddr6: addrLen === 16 ? readIpv6(dv, 8) : null,
    subAgentId: dv.getUint32(p),
    sequence: dv.getUint32(p + 4),
    uptimeMs: dv.getUint32(p + 8),
    sampleCount: dv.getUint32(p + 12),
  };
  return [h, p + 16];
}

/** Decode one sFlow v5 datagram; never throws, errors from each sample are collected and the walk goes on. */
export function decodeSflow(buf: Uint8Array, exporter: string, opts: DecodeOptions = {}): DecodeResult<SflowHeader> {
  const res = emptyResult<SflowHeader>('sflow_v5');
  const dv = viewOf(buf);
  let p: number;
  try {
    [res.header, p] = readHeader(dv);
  } catch (err) {
    res.errors.push(toDecodeError(err, { protocol: 'sflow_v5', exporter }));
    return res;
  }
  const h = res.header;
  const receivedMs = opts.receivedMs ?? 0;
  const origin = { exporter, subAgentId: h.subAgentId, receivedMs };
  let i = 0;
  for (; i < h.sampleCount && dv.byteLength - p >= 8; i++) {
    const tag = dv.getUint32(p);
    const len = dv.getUint32(p + 4);
    if (len > dv.byteLength - p - 8) {
      res.errors.push(new DecodeError('bad_length', 'sample runs past the datagram', { protocol: 'sflow_v5', exporter, offset: p, length: len }));
      return res;
    }
    const start = p + 8;
    p = start + len;
    if (tag >>> 12 !== 0) continue; // enterprise samples are skipped
    try {
      const fmt = tag & 0xfff;
      if (fmt === SFLOW_FLOW_SAMPLE || fmt === SFLOW_FLOW_SAMPLE_EXPANDED) res.records.push(decodeFlowSample(dv, fmt, start, p, origin));
      else if (fmt === SFLOW_COUNTER_SAMPLE || fmt === SFLOW_COUNTER_SAMPLE_EXPANDED) decodeCounterSample(dv, fmt, start, p, h, exporter, receivedMs, res.counters);
    } catch (err) {
      res.errors.push(toDecodeError(err, { protocol: 'sflow_v5', exporter, offset: start - 8, sample: tag }));
    }
  }
  if (i < h.sampleCount) res.errors.push(new DecodeError('bad_count', 'sample count exceeds the samples present', { protocol: 'sflow_v5', exporter, count: h.sampleCount, present: i }));
  return res;
}
