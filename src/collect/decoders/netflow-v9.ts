/** @module NetFlow v9 (RFC 3954): header, flowset walk, templates, options data and data records. */

import { viewOf } from './bytes';
import { decodeDataRecords, type DataContext } from './data-records';
import { DecodeError, toDecodeError } from './errors';
import { decodeOptionsRecords } from './options-data';
import { MIN_DATA_TEMPLATE_ID } from './template-build';
import { emptyResult } from './record';
import { walkSets } from './set-walk';
import type { TemplateStore } from './template-store';
import { decodeV9OptionsTemplates, decodeV9Templates } from './netflow-v9-templates';
import type { DecodeOptions, DecodeResult, NetflowV9Header } from './types';

/** RFC 3954 section 5.1: the packet header is 20 bytes. */
export const NETFLOW_V9_HEADER_LENGTH = 20;
/** RFC 3954 section 5.2: flowset id 0 carries templates. */
export const TEMPLATE_FLOWSET_ID = 0;
/** RFC 3954 section 6.1: flowset id 1 carries options templates. */
export const OPTIONS_TEMPLATE_FLOWSET_ID = 1;

/** Read the 20-byte header; throws DecodeError when short or not version 9. */
function readHeader(dv: DataView): NetflowV9Header {
  if (dv.byteLength < NETFLOW_V9_HEADER_LENGTH) throw new DecodeError('truncated', 'shorter than the NetFlow v9 header', { length: dv.byteLength });
  const version = dv.getUint16(0);
  if (version !== 9) throw new DecodeError('bad_version', 'not NetFlow v9', { version });
  return {
    version: 9,
    count: dv.getUint16(2),
    sysUptimeMs: dv.getUint32(4),
    unixSecs: dv.getUint32(8),
    sequence: dv.getUint32(12),
    sourceId: dv.getUint32(16),
  };
}

/** Decode one NetFlow v9 packet; never throws, errors from each flowset are collected and the walk goes on. */
export function decodeNetflowV9(buf: Uint8Array, exporter: string, store: TemplateStore, opts: DecodeOptions = {}): DecodeResult<NetflowV9Header> {
  const res = emptyResult<NetflowV9Header>('netflow_v9');
  const dv = viewOf(buf);
  try {
    res.header = readHeader(dv);
  } catch (err) {
    res.errors.push(toDecodeError(err, { protocol: 'netflow_v9', exporter }));
    return res;
  }
  const h = res.header;
  const ctx: DataContext = {
    type: 'netflow_v9',
    exporter,
    domain: h.sourceId,
    receivedMs: opts.receivedMs ?? 0,
    nowMs: opts.receivedMs ?? Date.now(),
    time: { exportSecs: h.unixSecs, sysUptimeMs: h.sysUptimeMs, systemInitMs: 0, uptimeRelative: true },
    store,
  };
  walkSets(
    dv,
    {
      start: NETFLOW_V9_HEADER_LENGTH,
      end: dv.byteLength,
      names: { set: 'flowset', container: 'packet' },
      where: (id, p) => where(exporter, h, id, p),
      decodeSet: (id, start, end) => decodeFlowset(dv, id, start, end, ctx, res),
    },
    res.errors,
  );
  return res;
}

/** Dispatch one flowset body [start, end) by its id. */
function decodeFlowset(dv: DataView, id: number, start: number, end: number, ctx: DataContext, res: DecodeResult<NetflowV9Header>): void {
  if (id === TEMPLATE_FLOWSET_ID) {
    res.templates.learned += decodeV9Templates(dv, start, end, ctx);
  } else if (id === OPTIONS_TEMPLATE_FLOWSET_ID) {
    res.templates.learned += decodeV9OptionsTemplates(dv, start, end, ctx);
  } else if (id < MIN_DATA_TEMPLATE_ID) {
    throw new DecodeError('reserved_set', 'reserved flowset id', {});
  } else {
    const tpl = ctx.store.getTemplate(ctx.exporter, ctx.domain, id, ctx.nowMs);
    if (tpl === undefined) throw new DecodeError('template_missing', 'no template for data flowset', { templateId: id });
    if (tpl.options) res.templates.optionsRecords += decodeOptionsRecords(dv, start, end, tpl, false, ctx);
    else decodeDataRecords(dv, start, end, tpl, ctx, res.records);
  }
}

/** Error context for the flowset at offset `p`, built only when an error is reported. */
function where(exporter: string, h: NetflowV9Header, id: number, p: number): Record<string, unknown> {
  return { protocol: 'netflow_v9', exporter, sourceId: h.sourceId, flowsetId: id, offset: p };
}
