/**
 * @module One goflow2 JSON line → FlowRecord. Accepts goflow2 v2's snake_case format (`src_addr`, `bytes`,
 * `time_flow_start_ns`, `proto` as "TCP" or a number, addresses as text or protojson base64) and v1's PascalCase
 * format (`SrcAddr`, `TimeFlowStart` in seconds). Never throws: a bad line gives a reason.
 */
import { parseIp } from '../../core/ip';
import { emptyRecord, type FlowRecord, type FlowType } from '../decoders';
import { parseMac, v6Bytes } from '../mapping';

const TYPES: Record<string, FlowType> = { NETFLOW_V5: 'netflow_v5', NETFLOW_V9: 'netflow_v9', IPFIX: 'ipfix', SFLOW_5: 'sflow_v5' };
const TYPE_NUMBERS: Record<number, FlowType> = { 1: 'sflow_v5', 2: 'netflow_v5', 3: 'netflow_v9', 4: 'ipfix' };
const PROTOS: Record<string, number> = { ICMP: 1, IGMP: 2, TCP: 6, UDP: 17, GRE: 47, ESP: 50, AH: 51, ICMPV6: 58, SCTP: 132 };

type Json = Record<string, unknown>;

/** FlowRecord fields that hold a plain number. */
type NumericField = { [K in keyof FlowRecord]: FlowRecord[K] extends number ? K : never }[keyof FlowRecord];

/** Numeric fields taken as they are: the record field, then its goflow2 keys (v2 names first, then v1). */
const NUMERIC_FIELDS: readonly (readonly [NumericField, ...string[]])[] = [
  ['srcPort', 'src_port', 'SrcPort'],
  ['dstPort', 'dst_port', 'DstPort'],
  ['bytes', 'bytes', 'Bytes'],
  ['packets', 'packets', 'Packets'],
  ['samplingRate', 'sampling_rate', 'SamplingRate'],
  ['tcpFlags', 'tcp_flags', 'TCPFlags'],
  ['tos', 'ip_tos', 'IPTos'],
  ['icmpType', 'icmp_type', 'IcmpType'],
  ['icmpCode', 'icmp_code', 'IcmpCode'],
  ['inIf', 'in_if', 'InIf'],
  ['outIf', 'out_if', 'OutIf'],
  ['srcAs', 'src_as', 'SrcAS'],
  ['dstAs', 'dst_as', 'DstAS'],
  ['vlan', 'vlan_id', 'src_vlan', 'VlanId', 'SrcVlan'],
];

/** The first present key among `keys` (v2 name first, then v1). */
function pick(o: Json, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : 0);

/** Epoch ms from a v2 `*_ns` value, a v2 `*_ms` value or a v1 seconds value (RFC 3339 text is also read). */
function timeMs(o: Json, ns: string, ms: string, s: string): number {
  const a = o[ns];
  if (typeof a === 'number') return Math.floor(a / 1e6);
  if (typeof a === 'string') return /^\d+$/.test(a) ? Number(BigInt(a) / 1_000_000n) : Date.parse(a) || 0;
  const b = o[ms];
  if (typeof b === 'number') return b;
  const c = o[s];
  return typeof c === 'number' ? c * 1000 : 0;
}

/** Address text, or protojson base64 of 4 or 16 bytes, into the record; returns the IP version or 0. */
function setAddr(r: FlowRecord, v: unknown, src: boolean): number {
  if (typeof v !== 'string' || v === '') return 0;
  let bytes: Uint8Array | null = null;
  if (!v.includes('.') && !v.includes(':')) {
    const b = Buffer.from(v, 'base64');
    if (b.length === 4 || b.length === 16) bytes = b;
  }
  if (bytes === null) {
    const ip = parseIp(v);
    if (ip === null) return -1;
    bytes = ip.family === 4 ? Buffer.from([Number(ip.value >> 24n) & 255, Number(ip.value >> 16n) & 255, Number(ip.value >> 8n) & 255, Number(ip.value) & 255]) : v6Bytes(ip.value);
  }
  if (bytes.length === 4) {
    const n = ((bytes[0] as number) * 16777216 + (bytes[1] as number) * 65536 + (bytes[2] as number) * 256 + (bytes[3] as number)) >>> 0;
    if (src) r.srcAddr = n;
    else r.dstAddr = n;
    return 4;
  }
  if (src) r.srcAddr6 = new Uint8Array(bytes);
  else r.dstAddr6 = new Uint8Array(bytes);
  return 6;
}

const macOf = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? parseMac(v) : null);

/** Parse one line; `exporter` is used when the line names no sampler. */
export function parseGoflowLine(line: string, receivedMs: number, exporter = 'goflow2'): FlowRecord | { error: string } {
  let o: Json;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'not a JSON object' };
    o = v as Json;
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  const t = pick(o, 'type', 'Type');
  const type = typeof t === 'number' ? TYPE_NUMBERS[t] : typeof t === 'string' ? TYPES[t] : undefined;
  const sampler = pick(o, 'sampler_address', 'SamplerAddress');
  const r = emptyRecord(type ?? 'ipfix', typeof sampler === 'string' && sampler !== '' ? sampler : exporter, num(pick(o, 'observation_domain_id', 'ObservationDomainID')), receivedMs);
  const sv = setAddr(r, pick(o, 'src_addr', 'SrcAddr'), true);
  const dv = setAddr(r, pick(o, 'dst_addr', 'DstAddr'), false);
  if (sv < 0 || dv < 0) return { error: 'bad src_addr or dst_addr' };
  if (sv !== 0 && dv !== 0 && sv !== dv) return { error: 'src_addr and dst_addr differ in family' };
  r.ipVersion = Math.max(sv, dv, 0);
  const p = pick(o, 'proto', 'Proto');
  r.proto = typeof p === 'string' && !/^\d+$/.test(p) ? (PROTOS[p.toUpperCase()] ?? 0) : num(p);
  for (const [field, ...keys] of NUMERIC_FIELDS) r[field] = num(pick(o, ...keys));
  r.srcMac = macOf(pick(o, 'src_mac', 'SrcMac'));
  r.dstMac = macOf(pick(o, 'dst_mac', 'DstMac'));
  r.startMs = timeMs(o, 'time_flow_start_ns', 'time_flow_start_ms', 'TimeFlowStart');
  r.endMs = timeMs(o, 'time_flow_end_ns', 'time_flow_end_ms', 'TimeFlowEnd');
  const rx = timeMs(o, 'time_received_ns', 'time_received_ms', 'TimeReceived');
  if (rx > 0) r.receivedMs = rx;
  if (!(r.bytes >= 0 && r.packets >= 0)) return { error: 'negative bytes or packets' };
  return r;
}
