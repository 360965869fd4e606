/** @module IPFIX (RFC 7011): message header, set walk, templates, options data and data records. */

import { viewOf } from './bytes';
import { decodeDataRecords, type DataContext } from './data-records';
import { DecodeError, toDecodeError } from './errors';
import { decodeIpfixTemplates, OPTIONS_TEMPLATE_SET_ID, TEMPLATE_SET_ID } from './ipfix-templates';
import { decodeOptionsRecords } from './options-data';
import { MIN_DATA_TEMPLATE_ID } from './template-build';
import { emptyResult } from './record';
import { walkSets } from './set-walk';
import type { TemplateStore } from './template-store';
import type { DecodeOptions, DecodeResult, IpfixHeader } from './types';

/** RFC 7011 section 3.1: the message header is 16 bytes. */
export const IPFIX_HEADER_LENGTH = 16;
/** RFC 7011 section 3.1: version number 10. */
export const IPFIX_VERSION = 10;

/** Read the header and check its length field against the datagram; throws DecodeError. */
function readHeader(dv: DataView): IpfixHeader {
  if (dv.byteLength < IPFIX_HEADER_LENGTH) throw new DecodeError('truncated', 'shorter than the IPFIX header', { length: dv.byteLength });
  const version = dv.getUint16(0);
  if (version !== IPFIX_VERSION) throw new DecodeError('bad_version', 'not IPFIX', { version });
  const length = dv.getUint16(2);
  if (length < IPFIX_HEADER_LENGTH) throw new DecodeError('bad_length', 'message length below the header length', { length });
  if (length > dv.byteLength) throw new DecodeError('truncated', 'message length exceeds the datagram', { length, datagram: dv.byteLength });
  return { version: 10, length, exportTime: dv.getUint32(4), sequence: dv.getUint32(8), observationDomainId: dv.getUint32(12) };
}

/** Decode one IPFIX message; never throws, errors from each set are collected and the walk goes on. */
export function decodeIpfix(buf: Uint8Array, exporter: string, store: TemplateStore, opts: DecodeOptions = {}): DecodeResult<IpfixHeader> {
  const res = emptyResult<IpfixHeader>('ipfix');
  const dv = viewOf(buf);
  try {
    res.header = readHeader(dv);
  } catch (err) {
    res.errors.push(toDecodeError(err, { protocol: 'ipfix', exporter }));
    return res;
  }
  const h = res.header;
  const ctx: DataContext = {
    type: 'ipfix',
    exporter,
    domain: h.observationDomainId,
    receivedMs: opts.receivedMs ?? 0,
    nowMs: opts.receivedMs ?? Date.now(),
    time: { exportSecs: h.exportTime, sysUptimeMs: 0, systemInitMs: 0, uptimeRelative: false },
    store,
  };
  walkSets(
    dv,
    {
      start: IPFIX_HEADER_LENGTH,
      end: h.length,
      names: { set: 'set', container: 'message' },
      where: (id, p) => where(exporter, h, id, p),
      decodeSet: (id, start, end) => decodeSet(dv, id, start, end, ctx, res),
    },
    res.errors,
  );
  return res;
}

/** Dispatch one set body [start, end) by its id. */
function decodeSet(dv: DataView, id: number, start: number, end: number, ctx: DataContext, res: DecodeResult<IpfixHeader>): void {
  const { store, exporter, domain, nowMs } = ctx;
  if (id === TEMPLATE_SET_ID || id === OPTIONS_TEMPLATE_SET_ID) {
    const t = decodeIpfixTemplates(dv, id, start, end, ctx);
    res.templates.learned += t.learned;
    res.templates.withdrawn += t.withdrawn;
  } else if (id < MIN_DATA_TEMPLATE_ID) {
    throw new DecodeError('reserved_set', 'reserved set id', {});
  } else {
    const tpl = store.getTemplate(exporter, domain, id, nowMs);
    if (tpl === undefined) throw new DecodeError('template_missing', 'no template for data set', { templateId: id });
    if (tpl.options) {
      res.templates.optionsRecords += decodeOptionsRecords(dv, start, end, tpl, true, ctx);
    } else {
      ctx.time.systemInitMs = store.getSystemInitMs(exporter, domain, nowMs) ?? 0;
      decodeDataRecords(dv, start, end, tpl, ctx, res.records);
    }
  }
}

/** Error context for the set at offset `p`, built only when an error is reported. */
function where(exporter: string, h: IpfixHeader, id: number, p: number): Record<string, unknown> {
  return { protocol: 'ipfix', exporter, observationDomainId: h.observationDomainId, setId: id, offset: p };
}
