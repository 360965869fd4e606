/**
 * @module The lead cycle of `ipshadow serve`: every interval, each resource with a trained lead-signal model in the
 * store is scored on its recent telemetry (the collector's buckets, the still-filling minute included) and one
 * shadow entry is upserted at the engine's horizon. The lead model is such a resource's chosen model, so the count
 * forecast cycle leaves it out.
 */
import { systemClock, type Clock } from '../core/ports';
import type { ShadowEntry } from '../core/shadow';
import { BUCKET_MS } from '../core/telemetry';
import { leadShadowEntry, parseLead, telemetryGrid, type CalibratedLead } from '../forecast/lead';
import type { Log } from '../log/logger';
import type { Store } from '../store';
import { startPeriodic, type Periodic, type RunListener } from './periodic';

/** Models are stored as `lead-signal:<resource id>`. */
export const LEAD_MODEL_PREFIX = 'lead-signal:';
/** The store name of a resource's lead model. */
export const leadModelName = (resourceId: string): string => `${LEAD_MODEL_PREFIX}${resourceId}`;
/** The resource a stored lead model's name is for. */
const modelResource = (name: string): string => name.slice(LEAD_MODEL_PREFIX.length);
/** Minutes of telemetry the features read: the 15-minute windows plus the current minute. */
const LOOKBACK_MIN = 16;

/** Ids of the resources that have a lead model in the store. */
export async function leadModelled(store: Pick<Store, 'models'>): Promise<Set<string>> {
  return new Set((await store.models.versions(LEAD_MODEL_PREFIX)).map((v) => modelResource(v.name)));
}

/** What the cycle reads and writes. */
export interface LeadCycleDeps {
  store: Pick<Store, 'models' | 'telemetry' | 'shadow' | 'resources'>;
  /** The engine's horizon: a model fitted for another horizon is skipped (its entries would never be used). */
  horizonMinutes: number;
  intervalSeconds: number;
  log: Log;
  clock?: Clock;
  /** Hears each finished cycle (for metrics). */
  onRun?: RunListener;
}

/** What one cycle did. */
export interface LeadCycleResult {
  asOfMs: number;
  scored: number;
  skipped: number;
}

/** Reads and parses a model's weights once per stored version (name and creation time). */
class ModelCache {
  private readonly byName = new Map<string, { createdAt: number; model: CalibratedLead | null }>();

  constructor(private readonly d: LeadCycleDeps) {}

  async get(name: string, createdAt: number): Promise<CalibratedLead | null> {
    const cached = this.byName.get(name);
    if (cached && cached.createdAt === createdAt) return cached.model;
    const stored = await this.d.store.models.load(name);
    if (!stored) return null;
    let model: CalibratedLead | null = null;
    try {
      model = parseLead(stored.weights);
      if (model.model.horizonMin !== this.d.horizonMinutes) {
        this.d.log.warn('lead.model.skipped', { name, reason: `fitted for a ${model.model.horizonMin}-minute horizon; the engine uses ${this.d.horizonMinutes}` });
        model = null;
      }
    } catch (err) {
      this.d.log.warn('lead.model.skipped', { name, reason: (err as Error).message });
    }
    this.byName.set(name, { createdAt: stored.createdAt, model });
    return model;
  }
}

/** The entry for one resource at `now`: features from the buckets of the last 16 minutes, this one included. */
export async function scoreResource(d: LeadCycleDeps, resourceId: string, m: CalibratedLead, now: number): Promise<ShadowEntry> {
  const minute = Math.floor(now / BUCKET_MS) * BUCKET_MS, startMs = minute - (LOOKBACK_MIN - 1) * BUCKET_MS;
  const buckets = await d.store.telemetry.telemetry(resourceId, startMs, minute + BUCKET_MS);
  const grid = telemetryGrid(buckets, resourceId, startMs, minute + BUCKET_MS);
  const kind = (await d.store.resources.get(resourceId))?.kind ?? 'unknown';
  const e = leadShadowEntry(m, grid, LOOKBACK_MIN, { resourceId, resourceType: kind });
  // Valid until two cycles from now, so one late cycle does not leave the engine without an entry.
  return { ...e, asOfMs: now, validUntilMs: now + 2 * d.intervalSeconds * 1000 };
}

/** Starts the cycle every `intervalSeconds`. */
export function startLeadCycle(d: LeadCycleDeps): Periodic<LeadCycleResult> {
  const cache = new ModelCache(d);
  const clock = d.clock ?? systemClock;
  const once = async (): Promise<LeadCycleResult> => {
    const now = clock.now();
    const entries: ShadowEntry[] = [];
    let skipped = 0;
    for (const v of await d.store.models.versions(LEAD_MODEL_PREFIX)) {
      const m = await cache.get(v.name, v.createdAt);
      if (m) entries.push(await scoreResource(d, modelResource(v.name), m, now));
      else skipped++;
    }
    await d.store.shadow.upsert(entries);
    const result = { asOfMs: now, scored: entries.length, skipped };
    if (entries.length > 0) d.log.debug('lead.cycle.done', { ...result, pAny: Object.fromEntries(entries.map((e) => [e.resourceId, Number(e.pAny.toFixed(4))])) });
    return result;
  };
  return startPeriodic(d.intervalSeconds * 1000, once, (err) => d.log.error('lead.cycle.failed', { error: err.message }), d.onRun);
}
