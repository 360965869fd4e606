/** @module The append-only event log (allocations, releases, reservation changes, sync and webhook events). */
import type { Kysely } from 'kysely';
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
}

/** Appends and queries events. */
export class EventRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends events in one statement. */
  async append(...events: NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db
      .insertInto('events')
      .values(events.map((e) => ({
        ts: e.ts ?? Date.now(),
        type: e.type,
        resource_id: e.resourceId ?? null,
        reservation_id: e.reservationId ?? null,
        payload: JSON.stringify(e.payload ?? {}),
      })))
      .execute();
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
