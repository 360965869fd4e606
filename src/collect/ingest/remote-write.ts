/**
 * @module Prometheus remote-write 1.0 bodies: a Snappy-compressed protobuf WriteRequest (prometheus/prompb
 * types.proto / remote.proto) turned into metric rows. The resource comes from the `resource`, `ip`, `mac` or
 * `instance` (host[:port]) label; the metric name from `__name__`.
 */
import protobuf from 'protobufjs';
import { uncompress } from 'snappyjs';
import type { ParsedRows } from './metric-rows';

/** The subset of prompb the endpoint reads (field numbers as in remote.proto and types.proto). */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});

/** The WriteRequest message type, for encoding in tests and tools. */
export const WriteRequest = root.lookupType('prometheus.WriteRequest');

interface Series {
  labels?: Array<{ name?: string; value?: string }>;
  samples?: Array<{ value?: number; timestamp?: number }>;
}

/** The resource key of a series' labels: `resource`, `ip`, `mac`, or the host of `instance`. */
function target(labels: Map<string, string>): { resource?: string; ip?: string; mac?: string } | null {
  const r = labels.get('resource');
  if (r) return { resource: r };
  const ip = labels.get('ip');
  if (ip) return { ip };
  const mac = labels.get('mac');
  if (mac) return { mac };
  const inst = labels.get('instance');
  if (inst) return { ip: inst.startsWith('[') ? inst.slice(1, inst.indexOf(']')) : inst.replace(/:\d+$/, '') };
  return null;
}

/** Decode a remote-write body into rows; throws on a body that is not Snappy or not a WriteRequest. */
export function parseRemoteWrite(body: Uint8Array, maxRows: number, maxBytes = 64 * 1024 * 1024): ParsedRows {
  const raw = uncompress(new Uint8Array(body), maxBytes);
  const msg = WriteRequest.toObject(WriteRequest.decode(raw), { longs: Number, defaults: true }) as { timeseries: Series[] };
  const out: ParsedRows = { rows: [], errors: [], rejected: 0, ignored: 0 };
  msg.timeseries.forEach((s, i) => {
    const labels = new Map((s.labels ?? []).map((l) => [l.name ?? '', l.value ?? '']));
    const metric = labels.get('__name__') ?? '';
    const who = target(labels);
    if (who === null || metric === '') {
      out.rejected += (s.samples ?? []).length;
      out.errors.push({ at: `timeseries[${i}]`, message: 'needs __name__ and one of the labels resource, ip, mac, instance' });
      return;
    }
    for (const [j, smp] of (s.samples ?? []).entries()) {
      if (out.rows.length >= maxRows) {
        out.ignored++;
        continue;
      }
      if (!Number.isFinite(smp.value)) continue; // NaN marks a stale series in Prometheus
      out.rows.push({ ...who, metric, value: smp.value as number, ts: smp.timestamp ?? 0, at: `timeseries[${i}].samples[${j}]` });
    }
  });
  if (out.ignored > 0) out.errors.push({ at: 'timeseries', message: `more than ${maxRows} samples; ${out.ignored} ignored` });
  return out;
}
