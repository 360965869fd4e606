/** @module The trace file format (docs/trace-format.md): JSON Lines of a header, resources, events and buckets. */
import { z } from 'zod';
import { sortEvents, type Trace } from '../core/trace';
import { TraceError } from './errors';

/** Format version written in the header line. */
export const TRACE_FORMAT_VERSION = 1;

const num = z.number().finite().nonnegative();
const Header = z.object({ type: z.literal('trace'), version: z.literal(TRACE_FORMAT_VERSION), name: z.string(), startMs: z.number(), endMs: z.number() });
const Resource = z.object({ type: z.literal('resource'), id: z.string().min(1), kind: z.enum(['interface', 'group']), name: z.string(), attrs: z.record(z.string(), z.unknown()).default({}) });
const Event = z.object({ type: z.literal('event'), tMs: z.number(), resourceId: z.string().min(1), kind: z.enum(['alloc', 'release']), key: z.string().min(1) });
const Bucket = z.object({
  type: z.literal('bucket'), resourceId: z.string().min(1), bucketMs: z.number(),
  bytes: num, packets: num, flows: num, peers: num, newPeers: num, dhcpPackets: num, dhcpBytes: num,
  tftpPackets: num, tftpBytes: num, dnsPackets: num, dnsBytes: num, provPackets: num, provBytes: num,
});
const Line = z.discriminatedUnion('type', [Header, Resource, Event, Bucket]);

/** Serialises a trace as JSON Lines (header first). */
export function writeTraceJsonl(trace: Trace): string {
  const out = [JSON.stringify({ type: 'trace', version: TRACE_FORMAT_VERSION, name: trace.name, startMs: trace.startMs, endMs: trace.endMs })];
  for (const r of trace.resources) out.push(JSON.stringify({ type: 'resource', ...r }));
  for (const e of trace.events) out.push(JSON.stringify({ type: 'event', ...e }));
  for (const b of trace.telemetry) out.push(JSON.stringify({ type: 'bucket', ...b }));
  return out.join('\n') + '\n';
}

/** Parses and validates JSON Lines into a Trace; throws TraceError naming the bad line. */
export function readTraceJsonl(text: string): Trace {
  const trace: Trace = { name: '', startMs: 0, endMs: 0, resources: [], events: [], telemetry: [] };
  let header = false;
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let json: unknown;
    try { json = JSON.parse(raw); } catch { throw new TraceError('not JSON', i + 1); }
    const p = Line.safeParse(json);
    if (!p.success) throw new TraceError(p.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '), i + 1);
    const { type, ...v } = p.data;
    if (type === 'trace') { Object.assign(trace, { name: p.data.name, startMs: p.data.startMs, endMs: p.data.endMs }); header = true; }
    else if (!header) throw new TraceError('the header line must come first', i + 1);
    else if (type === 'resource') trace.resources.push(v as Trace['resources'][number]);
    else if (type === 'event') trace.events.push(v as Trace['events'][number]);
    else trace.telemetry.push(v as Trace['telemetry'][number]);
  });
  if (!header) throw new TraceError('no header line');
  sortEvents(trace.events);
  trace.telemetry.sort((a, b) => a.bucketMs - b.bucketMs || (a.resourceId < b.resourceId ? -1 : 1));
  return trace;
}
