/**
 * @module Generic CSV importer: `timestamp,resource,event[,key]` with a header. Timestamps are ISO 8601 or epoch
 * numbers; events are `alloc` or `release`. A release without a key frees the resource's oldest open allocation.
 */
import { z } from 'zod';
import { sortEvents, type Trace, type TraceEvent } from '../core/trace';
import { TraceError } from './errors';

/** CSV importer options. */
export const CsvOptionsSchema = z.object({
  name: z.string().default('csv'),
  epochUnit: z.enum(['s', 'ms']).default('s'),
});
/** CSV importer options as accepted. */
export type CsvOptions = z.input<typeof CsvOptionsSchema>;

const EVENT = z.enum(['alloc', 'allocation', 'release']);

function parseTime(raw: string, unit: 's' | 'ms', line: number): number {
  const n = Number(raw);
  const t = raw !== '' && Number.isFinite(n) ? (unit === 's' ? n * 1000 : n) : Date.parse(raw);
  if (!Number.isFinite(t)) throw new TraceError(`bad timestamp ${JSON.stringify(raw)}`, line);
  return Math.round(t);
}

function columns(header: string): { t: number; r: number; e: number; k: number } {
  const cols = header.split(',').map((c) => c.trim().toLowerCase());
  const at = (name: string): number => cols.indexOf(name);
  const idx = { t: at('timestamp'), r: at('resource'), e: at('event'), k: at('key') };
  if (idx.t < 0 || idx.r < 0 || idx.e < 0) throw new TraceError('header must name timestamp, resource and event', 1);
  return idx;
}

/** Parses CSV text into a Trace (no telemetry); throws TraceError naming the bad line. */
export function importCsv(text: string, options: CsvOptions = {}): Trace {
  const o = CsvOptionsSchema.parse(options);
  const lines = text.split(/\r?\n/);
  const idx = columns(lines[0] ?? '');
  const rows: { t: number; r: string; e: 'alloc' | 'release'; k: string | null }[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (!raw.trim()) return;
    const f = raw.split(',').map((c) => c.trim());
    const ev = EVENT.safeParse(f[idx.e]?.toLowerCase());
    if (!ev.success) throw new TraceError(`bad event ${JSON.stringify(f[idx.e])}`, i + 2);
    const r = f[idx.r] ?? '';
    if (!r) throw new TraceError('empty resource', i + 2);
    rows.push({ t: parseTime(f[idx.t] ?? '', o.epochUnit, i + 2), r, e: ev.data === 'release' ? 'release' : 'alloc', k: f[idx.k] || null });
  });
  rows.sort((a, b) => a.t - b.t || (a.e === b.e ? 0 : a.e === 'alloc' ? -1 : 1));
  return toTrace(rows, o.name);
}

function toTrace(rows: { t: number; r: string; e: 'alloc' | 'release'; k: string | null }[], name: string): Trace {
  const open = new Map<string, string[]>();
  const events: TraceEvent[] = [];
  let n = 0;
  for (const row of rows) {
    const q = open.get(row.r) ?? [];
    open.set(row.r, q);
    if (row.e === 'alloc') {
      const key = row.k ?? `csv:${n++}`;
      q.push(key);
      events.push({ tMs: row.t, resourceId: row.r, kind: 'alloc', key });
      continue;
    }
    const at = row.k === null ? 0 : q.indexOf(row.k);
    if (at < 0 || q.length === 0) throw new TraceError(`release of ${row.k ?? 'an address'} with no open allocation on ${row.r}`);
    events.push({ tMs: row.t, resourceId: row.r, kind: 'release', key: q.splice(at, 1)[0]! });
  }
  const ids = [...open.keys()].sort();
  const first = events[0]?.tMs ?? 0, last = events[events.length - 1]?.tMs ?? -1;
  return {
    name, startMs: first, endMs: last + 1,
    resources: ids.map((id) => ({ id, kind: 'group', name: id, attrs: {} })), events: sortEvents(events), telemetry: [],
  };
}
