/**
 * @module Importer for the Azure VM arrival traces (azure-vm-v1): each line is a 5-minute bin's arrivals, `|` splits
 * tenant batches, and the partner duration file gives each VM's lifetime bin (U uncensored, C censored).
 */
import { z } from 'zod';
import { sortEvents, type Trace, type TraceEvent, type TraceResource } from '../core/trace';
import { seededRandom } from '../core/random';

/** How VMs map to resources: one per flavor letter, one per batch-size class, or one for everything. */
export type AzureResourceMode = 'flavor' | 'batch' | 'single';

/** Importer options. */
export const AzureOptionsSchema = z.object({
  mode: z.enum(['flavor', 'batch', 'single']).default('flavor'),
  binSeconds: z.number().int().positive().default(300),
  censorSeconds: z.number().int().positive(),
  name: z.string().default('azure-vm-v1'),
  /** Batches are spread evenly over their bin, or, with a seed, placed uniformly at random in it. */
  placementSeed: z.number().int().optional(),
});
/** Importer options as accepted (defaults applied by the schema). */
export type AzureOptions = z.input<typeof AzureOptionsSchema>;

/** Texts of the files the importer reads. */
export interface AzureFiles {
  flavors: string;
  /** Absent for splits without a duration file: then no VM is released. */
  durations?: string;
  intervalMap: string;
  batchSizeMap: string;
}

/** Parses `seconds bin` lines into bin → representative duration in seconds (midpoint of the bin's span). */
export function parseIntervalMap(text: string, binSeconds = 300): Map<number, number> {
  const span = new Map<number, [number, number]>();
  for (const line of text.split('\n')) {
    const [s, b] = line.trim().split(/\s+/);
    if (!s || !b) continue;
    const sec = Number(s), bin = Number(b);
    const cur = span.get(bin);
    span.set(bin, cur ? [Math.min(cur[0], sec), Math.max(cur[1], sec)] : [sec, sec]);
  }
  return new Map([...span].map(([bin, [lo, hi]]) => [bin, (lo + hi + binSeconds) / 2]));
}

/** Parses `size class` lines (class like `6-7` or `>50`) into size → class label. */
export function parseBatchSizeMap(text: string): (size: number) => string {
  const m = new Map<number, string>();
  let over = '>50';
  for (const line of text.split('\n')) {
    const [s, c] = line.trim().split(/\s+/);
    if (s === undefined || c === undefined) continue;
    if (s.startsWith('>')) over = c;
    else m.set(Number(s), c);
  }
  return (size) => m.get(size) ?? over;
}

/** Splits one trace line into its timestamp and batches of tokens. */
export function parseLine(line: string): { t: number; batches: string[][] } | null {
  const sp = line.indexOf(' ');
  if (sp < 0) return null;
  const batches: string[][] = [[]];
  for (const tok of line.slice(sp + 1).trim().split(',')) {
    if (tok === '|') batches.push([]);
    else if (tok !== '') batches[batches.length - 1]!.push(tok);
  }
  return { t: Number(line.slice(0, sp)), batches: batches.filter((b) => b.length > 0) };
}

const uniform = seededRandom;

/** Builds a Trace from the Azure files; a batch's VMs arrive together, batches evenly spread or randomly placed. */
export function importAzureVm(files: AzureFiles, options: AzureOptions): Trace {
  const o = AzureOptionsSchema.parse(options);
  const durations = parseIntervalMap(files.intervalMap, o.binSeconds);
  const sizeClass = parseBatchSizeMap(files.batchSizeMap);
  const fl = files.flavors.split('\n').filter((l) => l.trim());
  const du = files.durations?.split('\n').filter((l) => l.trim()) ?? null;
  if (du && fl.length !== du.length) throw new Error(`azure-vm: ${fl.length} flavor lines but ${du.length} duration lines`);
  const endMs = o.censorSeconds * 1000;
  const events: TraceEvent[] = [];
  const resources = new Map<string, TraceResource>();
  let startMs = Infinity;
  const rand = o.placementSeed === undefined ? null : uniform(o.placementSeed);
  const binMs = o.binSeconds * 1000;
  fl.forEach((line, i) => {
    const f = parseLine(line), d = du ? parseLine(du[i]!) : null;
    if (!f || (du && (!d || d.t !== f.t))) throw new Error(`azure-vm: line ${i + 1} does not match its duration line`);
    const binStart = (f.t - o.binSeconds) * 1000;
    startMs = Math.min(startMs, binStart);
    f.batches.forEach((batch, bi) => {
      const tMs = Math.round(binStart + (rand ? rand() * binMs : (binMs * (bi + 0.5)) / f.batches.length));
      batch.forEach((flavor, vi) => {
        const rid = o.mode === 'flavor' ? `flavor:${flavor}` : o.mode === 'batch' ? `batch:${sizeClass(batch.length)}` : 'all';
        if (!resources.has(rid)) resources.set(rid, { id: rid, kind: 'group', name: rid, attrs: { source: 'azure-vm-v1' } });
        const key = `vm:${i}:${bi}:${vi}`;
        events.push({ tMs, resourceId: rid, kind: 'alloc', key });
        if (!d) return;
        const dur = d.batches[bi]?.[vi];
        if (dur === undefined) throw new Error(`azure-vm: line ${i + 1} has no duration for batch ${bi} vm ${vi}`);
        if (dur.startsWith('C')) return;
        const rel = tMs + (durations.get(Number(dur.slice(1))) ?? NaN) * 1000;
        if (Number.isFinite(rel) && rel < endMs) events.push({ tMs: rel, resourceId: rid, kind: 'release', key });
      });
    });
  });
  const sorted = [...resources.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { name: o.name, startMs, endMs, resources: sorted, events: sortEvents(events), telemetry: [] };
}
