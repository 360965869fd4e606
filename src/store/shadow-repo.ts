/**
 * @module The shadow inventory in the store: the current entry per (resource, horizon), upserted in bulk (a newer
 * forecast never loses to an older one), listed with filters, and the allocation history forecasts are made from.
 */
import { sql, type Kysely } from 'kysely';
import type { CountQuantile, ShadowEntry } from '../core/shadow';
import type { Db } from './connect';

/** Row of shadow_entries. */
export interface ShadowEntryRow {
  resource_id: string;
  horizon_ms: number;
  as_of: number;
  p_any: number;
  quantiles: string;
  eta_from: number | null;
  eta_to: number | null;
  resource_type: string;
  expected_bandwidth_bps: number | null;
  model: string;
  valid_until: number;
}

/** The tables this repo reads, as kysely sees them. */
interface ShadowTables {
  shadow_entries: ShadowEntryRow;
  events: { id: number; ts: number; type: string; resource_id: string | null };
}

/** Filters for listing entries; all optional and combined with AND. */
export interface ShadowFilter {
  resourceId?: string;
  horizonMs?: number;
  /** Only entries with P(any) ≥ minP. */
  minP?: number;
  /** Only entries still valid at this time (valid_until > validAt). */
  validAt?: number;
  limit?: number;
}

/** Valid entries per horizon, for gauges. */
export interface ShadowStats {
  horizonMs: number;
  entries: number;
  meanPAny: number;
}

/** An allocation seen in the event log: when, which kind of event, for which resource. */
export interface AllocationEvent {
  ts: number;
  type: string;
  resourceId: string;
}

const CHUNK = 300;
const UPDATED: Array<keyof ShadowEntryRow> = ['as_of', 'p_any', 'quantiles', 'eta_from', 'eta_to', 'resource_type', 'expected_bandwidth_bps', 'model', 'valid_until'];

const toRow = (e: ShadowEntry): ShadowEntryRow => ({
  resource_id: e.resourceId, horizon_ms: e.horizonMs, as_of: e.asOfMs, p_any: e.pAny, quantiles: JSON.stringify(e.quantiles),
  eta_from: e.eta?.fromMs ?? null, eta_to: e.eta?.toMs ?? null, resource_type: e.resourceType,
  expected_bandwidth_bps: e.expectedBandwidthBps, model: e.model, valid_until: e.validUntilMs,
});

const toEntry = (r: ShadowEntryRow): ShadowEntry => ({
  resourceId: r.resource_id, asOfMs: Number(r.as_of), horizonMs: Number(r.horizon_ms), pAny: Number(r.p_any),
  quantiles: JSON.parse(r.quantiles) as CountQuantile[],
  eta: r.eta_from === null || r.eta_to === null ? null : { fromMs: Number(r.eta_from), toMs: Number(r.eta_to) },
  resourceType: r.resource_type, expectedBandwidthBps: r.expected_bandwidth_bps === null ? null : Number(r.expected_bandwidth_bps),
  model: r.model, validUntilMs: Number(r.valid_until),
});

/** Shadow inventory reads and writes. */
export class ShadowRepo {
  private readonly db: Kysely<ShadowTables>;

  constructor(db: Db) {
    this.db = db.kysely as unknown as Kysely<ShadowTables>;
  }

  /** Upserts entries in one transaction; an entry older than the stored one for its key is ignored. Returns rows written. */
  async upsert(entries: readonly ShadowEntry[]): Promise<number> {
    const unique = [...new Map(entries.map((e) => [`${e.resourceId}\u0000${e.horizonMs}`, e])).values()];
    if (unique.length === 0) return 0;
    const set = Object.fromEntries(UPDATED.map((c) => [c, sql`${sql.ref(`excluded.${c}`)}`]));
    let written = 0;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < unique.length; i += CHUNK) {
        const r = await trx.insertInto('shadow_entries').values(unique.slice(i, i + CHUNK).map(toRow))
          .onConflict((oc) => oc.columns(['resource_id', 'horizon_ms']).doUpdateSet(set).where(sql.ref('excluded.as_of'), '>=', sql.ref('shadow_entries.as_of')))
          .executeTakeFirst();
        written += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
    });
    return written;
  }

  /** Entries matching the filter, by resource then horizon. */
  async list(filter: ShadowFilter = {}): Promise<ShadowEntry[]> {
    let q = this.db.selectFrom('shadow_entries').selectAll().orderBy('resource_id').orderBy('horizon_ms');
    if (filter.resourceId !== undefined) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.horizonMs !== undefined) q = q.where('horizon_ms', '=', filter.horizonMs);
    if (filter.minP !== undefined) q = q.where('p_any', '>=', filter.minP);
    if (filter.validAt !== undefined) q = q.where('valid_until', '>', filter.validAt);
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    return (await q.execute()).map(toEntry);
  }

  /** The entry of one resource and horizon, if any. */
  async get(resourceId: string, horizonMs: number): Promise<ShadowEntry | undefined> {
    const row = await this.db.selectFrom('shadow_entries').selectAll().where('resource_id', '=', resourceId).where('horizon_ms', '=', horizonMs).executeTakeFirst();
    return row && toEntry(row);
  }

  /** Count and mean P(any) of the entries valid at `now`, per horizon. */
  async stats(now: number): Promise<ShadowStats[]> {
    const rows = await this.db.selectFrom('shadow_entries')
      .select(['horizon_ms', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.avg<number>('p_any').as('mean')])
      .where('valid_until', '>', now).groupBy('horizon_ms').orderBy('horizon_ms').execute();
    return rows.map((r) => ({ horizonMs: Number(r.horizon_ms), entries: Number(r.n), meanPAny: Number(r.mean) }));
  }

  /** Deletes entries whose validity ended before `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    const r = await this.db.deleteFrom('shadow_entries').where('valid_until', '<', beforeMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Events of the given types with a resource, in [fromMs, toMs), oldest first: the history forecasts are made from. */
  async allocationEvents(types: readonly string[], fromMs: number, toMs: number): Promise<AllocationEvent[]> {
    if (types.length === 0) return [];
    const rows = await this.db.selectFrom('events').select(['ts', 'type', 'resource_id']).where('type', 'in', [...types])
      .where('ts', '>=', fromMs).where('ts', '<', toMs).where('resource_id', 'is not', null).orderBy('ts').orderBy('id').execute();
    return rows.map((r) => ({ ts: Number(r.ts), type: r.type, resourceId: r.resource_id! }));
  }
}
