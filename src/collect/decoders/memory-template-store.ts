/** @module In-memory TemplateStore with a TTL, a global and a per-exporter size cap, and (1 s coarse) LRU eviction. */

import { IpshadowError } from '../../core/errors';
import type { CompiledTemplate, TemplateStore, TemplateStoreStats } from './template-store';
import { DEFAULT_SAMPLER } from './template-store';

/** Limits for a MemoryTemplateStore. */
export interface MemoryTemplateStoreOptions {
  /** Entries expire this long after they were last announced (default 1 hour). */
  ttlMs?: number;
  /** Most entries held across all exporters (default 10000). */
  maxEntries?: number;
  /** Most entries one exporter may hold (default 1000). */
  maxPerExporter?: number;
}

type Value = CompiledTemplate | number;

interface Entry {
  exporter: ExporterState;
  domain: number;
  template: boolean;
  key: number;
  value: Value;
  expiresAt: number;
  touchedAt: number;
}

interface ExporterState {
  name: string;
  lru: Set<Entry>;
  domains: Map<number, { templates: Map<number, Entry>; values: Map<number, Entry> }>;
}

const SYSTEM_INIT = -2;
/** Recency is updated at most this often per entry, so lookups on the hot path rarely reorder the LRU. */
const TOUCH_EVERY_MS = 1000;

/** Check one numeric limit, throwing CONFIG_INVALID at construction when it is not a positive number. */
function positive(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isFinite(x) || x <= 0) throw new IpshadowError('CONFIG_INVALID', `template store ${name} must be > 0`, { [name]: v });
  return x;
}

/** Template state in process memory; see MemoryTemplateStoreOptions for its bounds. */
export class MemoryTemplateStore implements TemplateStore {
  readonly stats: TemplateStoreStats = { inserts: 0, evictions: 0, expirations: 0, withdrawals: 0 };
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxPerExporter: number;
  private readonly exporters = new Map<string, ExporterState>();
  private readonly lru = new Set<Entry>();

  constructor(opts: MemoryTemplateStoreOptions = {}) {
    this.ttlMs = positive('ttlMs', opts.ttlMs, 3_600_000);
    this.maxEntries = positive('maxEntries', opts.maxEntries, 10_000);
    this.maxPerExporter = positive('maxPerExporter', opts.maxPerExporter, 1_000);
  }

  size(): number {
    return this.lru.size;
  }

  /** Number of exporters with at least one entry. */
  exporterCount(): number {
    return this.exporters.size;
  }

  getTemplate(exporter: string, domain: number, templateId: number, nowMs: number): CompiledTemplate | undefined {
    const v = this.get(exporter, domain, true, templateId, nowMs);
    return typeof v === 'object' ? v : undefined;
  }

  setTemplate(exporter: string, domain: number, template: CompiledTemplate, nowMs: number): void {
    this.set(exporter, domain, true, template.id, template, nowMs);
  }

  withdrawTemplate(exporter: string, domain: number, templateId: number): boolean {
    const e = this.exporters.get(exporter)?.domains.get(domain)?.templates.get(templateId);
    if (e === undefined) return false;
    this.remove(e);
    this.stats.withdrawals++;
    return true;
  }

  withdrawAllTemplates(exporter: string, domain: number, options: boolean): number {
    const d = this.exporters.get(exporter)?.domains.get(domain);
    if (d === undefined) return 0;
    const doomed = [...d.templates.values()].filter((e) => (e.value as CompiledTemplate).options === options);
    for (const e of doomed) this.remove(e);
    this.stats.withdrawals += doomed.length;
    return doomed.length;
  }

  getSamplingRate(exporter: string, domain: number, samplerId: number, nowMs: number): number | undefined {
    const v = this.get(exporter, domain, false, samplerId, nowMs);
    return typeof v === 'number' ? v : undefined;
  }

  setSamplingRate(exporter: string, domain: number, samplerId: number, rate: number, nowMs: number): void {
    this.set(exporter, domain, false, samplerId < 0 ? DEFAULT_SAMPLER : samplerId, rate, nowMs);
  }

  getSystemInitMs(exporter: string, domain: number, nowMs: number): number | undefined {
    const v = this.get(exporter, domain, false, SYSTEM_INIT, nowMs);
    return typeof v === 'number' ? v : undefined;
  }

  setSystemInitMs(exporter: string, domain: number, ms: number, nowMs: number): void {
    this.set(exporter, domain, false, SYSTEM_INIT, ms, nowMs);
  }

  /** Drop every entry expired at `nowMs`; returns how many went. */
  sweep(nowMs: number): number {
    const now = nowMs;
    let n = 0;
    for (const e of [...this.lru]) {
      if (e.expiresAt <= now) {
        this.remove(e);
        n++;
      }
    }
    this.stats.expirations += n;
    return n;
  }

  private get(exporter: string, domain: number, template: boolean, key: number, now: number): Value | undefined {
    const d = this.exporters.get(exporter)?.domains.get(domain);
    const e = template ? d?.templates.get(key) : d?.values.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAt <= now) {
      this.remove(e);
      this.stats.expirations++;
      return undefined;
    }
    if (now - e.touchedAt >= TOUCH_EVERY_MS) this.touch(e, now);
    return e.value;
  }

  private set(exporter: string, domain: number, template: boolean, key: number, value: Value, now: number): void {
    let ex = this.exporters.get(exporter);
    const old = template ? ex?.domains.get(domain)?.templates.get(key) : ex?.domains.get(domain)?.values.get(key);
    const expiresAt = now + this.ttlMs;
    if (old !== undefined) {
      old.value = value;
      old.expiresAt = expiresAt;
      if (now - old.touchedAt >= TOUCH_EVERY_MS) this.touch(old, now);
      return;
    }
    this.makeRoom(ex);
    ex = this.exporters.get(exporter);
    if (ex === undefined) {
      ex = { name: exporter, lru: new Set(), domains: new Map() };
      this.exporters.set(exporter, ex);
    }
    let d = ex.domains.get(domain);
    if (d === undefined) {
      d = { templates: new Map(), values: new Map() };
      ex.domains.set(domain, d);
    }
    const e: Entry = { exporter: ex, domain, template, key, value, expiresAt, touchedAt: now };
    (template ? d.templates : d.values).set(key, e);
    ex.lru.add(e);
    this.lru.add(e);
    this.stats.inserts++;
  }

  /** Evict least recently used entries until one more fits for this exporter and globally. */
  private makeRoom(ex: ExporterState | undefined): void {
    while (ex !== undefined && ex.lru.size >= this.maxPerExporter) this.evict(ex.lru.values().next().value);
    while (this.lru.size >= this.maxEntries) this.evict(this.lru.values().next().value);
  }

  private evict(e: Entry | undefined): void {
    if (e === undefined) return;
    this.remove(e);
    this.stats.evictions++;
  }

  private touch(e: Entry, now: number): void {
    e.touchedAt = now;
    this.lru.delete(e);
    this.lru.add(e);
    e.exporter.lru.delete(e);
    e.exporter.lru.add(e);
  }

  private remove(e: Entry): void {
    const ex = e.exporter;
    const d = ex.domains.get(e.domain);
    if (d !== undefined) {
      (e.template ? d.templates : d.values).delete(e.key);
      if (d.templates.size === 0 && d.values.size === 0) ex.domains.delete(e.domain);
    }
    ex.lru.delete(e);
    this.lru.delete(e);
    if (ex.lru.size === 0) this.exporters.delete(ex.name);
  }
}
