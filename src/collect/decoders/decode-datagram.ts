/** @module Sniff a flow datagram's protocol (NetFlow v5/v9, IPFIX, sFlow v5) and decode it without ever throwing. */

import { DecodeError, toDecodeError } from './errors';
import { decodeIpfix } from './ipfix';
import { decodeNetflowV5 } from './netflow-v5';
import { decodeNetflowV9 } from './netflow-v9';
import { emptyResult } from './record';
import { decodeSflow } from './sflow';
import type { TemplateStore } from './template-store';
import type { DecodeOptions, DecodeResult, FlowType, IpfixHeader, NetflowV5Header, NetflowV9Header, SflowHeader } from './types';

/** Any protocol's header. */
export type AnyHeader = NetflowV5Header | NetflowV9Header | IpfixHeader | SflowHeader;

/** A decoded datagram of any protocol. */
export type DatagramResult = DecodeResult<AnyHeader>;

/** Which protocol the first bytes announce, or null. */
export function sniffProtocol(buf: Uint8Array): FlowType | null {
  if (buf.length < 4) return null;
  const v16 = (buf[0] as number) * 256 + (buf[1] as number);
  if (v16 === 5) return 'netflow_v5';
  if (v16 === 9) return 'netflow_v9';
  if (v16 === 10) return 'ipfix';
  if (v16 === 0 && buf[2] === 0 && buf[3] === 5) return 'sflow_v5';
  return null;
}

/** Decode one UDP payload from `exporter`; every failure, even a bug, comes back in `errors`, never as a throw. */
export function decodeDatagram(buf: Uint8Array, exporter: string, templates: TemplateStore, opts: DecodeOptions = {}): DatagramResult {
  const protocol = sniffProtocol(buf);
  try {
    switch (protocol) {
      case 'netflow_v5': return decodeNetflowV5(buf, exporter, opts);
      case 'netflow_v9': return decodeNetflowV9(buf, exporter, templates, opts);
      case 'ipfix': return decodeIpfix(buf, exporter, templates, opts);
      case 'sflow_v5': return decodeSflow(buf, exporter, opts);
      default: {
        const version = buf.length >= 2 ? (buf[0] as number) * 256 + (buf[1] as number) : -1;
        const err = new DecodeError(buf.length < 4 ? 'truncated' : 'bad_version', 'unknown flow protocol', { exporter, version, length: buf.length });
        const res = emptyResult<AnyHeader>(null);
        res.errors.push(err);
        return res;
      }
    }
  } catch (err) {
    const e = toDecodeError(err, { exporter, protocol });
    const res = emptyResult<AnyHeader>(protocol);
    res.errors.push(e);
    return res;
  }
}
