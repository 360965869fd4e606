/** @module The append-only event log (allocations, releases, reservation changes, sync and webhook events). */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';

/** One logged event. */
export interface StoredEvent {
  id: number;
  ts: number;
  type: string;
  resourceId: string | null;
  reservationId: string | null;
  payload: Record<string, unknown>;
}

/** Input for a new event. */
export interface NewEvent {
  ts?: number;
  type: string;
  resourceId?: string | null;
  reservationId?: string | null;
  payload?: Record<string, unknown>;
  /** The payload already serialized, for a hot path that renders it by hand; used instead of `payload`. */
  payloadJson?: string;
}

/** Parameters per appended row: ts, type, resource_id, reservation_id, payload (the order of `insertText`'s row). */
const PARAMS_PER_ROW = 5;
/** Row counts whose INSERT text is kept (the Kea event path appends batches of up to 500). */
const SQL_CACHE_SIZE = 64;

/** INSERT text by row count, per dialect adapter (a repository is made per transaction, so the cache lives here). */
const insertSqlByAdapter = new WeakMap<object, Map<number, string>>();

/** Appends and queries events. */
export class EventRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends events in one statement. */
  async append(...events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    const params: unknown[] = new Array(events.length * PARAMS_PER_ROW);
    let i = 0;
    for (const e of events) {
      params[i++] = e.ts ?? Date.now();
      params[i++] = e.type;
      params[i++] = e.resourceId ?? null;
      params[i++] = e.reservationId ?? null;
      params[i++] = e.payloadJson ?? JSON.stringify(e.payload ?? {});
    }
    // Building and compiling the INSERT in kysely cost more than SQLite's own insert on the Kea event path.
    await this.db.executeQuery(CompiledQuery.raw(this.insertText(events.length), params));
  }

  /** The INSERT for `rows` rows, compiled by kysely once per row count (every value is a placeholder). */
  private insertText(rows: number): string {
    const adapter = this.db.getExecutor().adapter;
    let insertSql = insertSqlByAdapter.get(adapter);
    if (!insertSql) insertSqlByAdapter.set(adapter, (insertSql = new Map()));
    let text = insertSql.get(rows);
    if (text === undefined) {
      const row = { ts: 0, type: '', resource_id: null, reservation_id: null, payload: '' };
      text = this.db.insertInto('events').values(new Array(rows).fill(row)).compile().sql;
      if (insertSql.size >= SQL_CACHE_SIZE) insertSql.delete(insertSql.keys().next().value!);
      insertSql.set(rows, text);
    }
    return text;
  }

  /** Events in id order, optionally filtered by type, resource or reservation. */
  async list(filter: { type?: string; resourceId?: string; reservationId?: string; limit?: number; afterId?: number } = {}): Promise<StoredEvent[]> {
    let q = this.db.selectFrom('events').selectAll().orderBy('id').limit(filter.limit ?? 1000);
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.resourceId) q = q.where('resource_id', '=', filter.resourceId);
    if (filter.reservationId) q = q.where('reservation_id', '=', filter.reservationId);
    if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      ts: r.ts,
      type: r.type,
      resourceId: r.resource_id,
      reservationId: r.reservation_id,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  }
}
