/** @module Full NetBox → store sync, resumable from a stored cursor after any failure. */
import type { Log } from '../../log/logger';
import type { Store } from '../../store';
import type { NetBoxHttp } from './http';
import { MIRROR_KINDS, type MirrorKind } from './kinds';

/** Where an unfinished full sync stands; kept in `sync_cursors` under FULL_SYNC_CURSOR. */
export interface FullSyncCursor {
  startedAt: number;
  kindIndex: number;
  afterId: number;
}

/** Per-kind outcome of a full sync. */
export interface KindReport {
  table: string;
  upserted: number;
  pruned: number;
}

/** Progress callback: which kind, how many fetched, how many NetBox says exist. */
export type SyncProgress = (kind: string, fetched: number, total: number) => void;

/** Cursor names. */
export const FULL_SYNC_CURSOR = 'netbox.full_sync';
export const LAST_FULL_SYNC = 'netbox.last_full_sync';

/** Runs full syncs of every mirrored kind. */
export class FullSync {
  constructor(
    private readonly http: NetBoxHttp,
    private readonly store: Store,
    private readonly log: Log,
    private readonly kinds: readonly MirrorKind[] = MIRROR_KINDS,
  ) {}

  /** Syncs every kind, resuming an interrupted run; prunes rows NetBox no longer has. */
  async run(onProgress?: SyncProgress, now: () => number = Date.now): Promise<KindReport[]> {
    const resumed = await this.store.cursors.get<FullSyncCursor>(FULL_SYNC_CURSOR);
    const cursor: FullSyncCursor = resumed ?? { startedAt: now(), kindIndex: 0, afterId: 0 };
    if (!resumed) await this.store.cursors.set(FULL_SYNC_CURSOR, cursor);
    this.log.info('sync.started', { resumed: resumed !== undefined, ...cursor });
    const reports: KindReport[] = [];
    try {
      for (; cursor.kindIndex < this.kinds.length; cursor.kindIndex++, cursor.afterId = 0) {
        reports.push(await this.syncKind(this.kinds[cursor.kindIndex]!, cursor, onProgress, now));
      }
    } catch (err) {
      this.log.error('sync.failed', { ...cursor, kind: this.kinds[cursor.kindIndex]?.table, error: (err as Error).message });
      throw err;
    }
    await this.store.cursors.clear(FULL_SYNC_CURSOR);
    await this.store.cursors.set(LAST_FULL_SYNC, { startedAt: cursor.startedAt, finishedAt: now(), reports });
    this.log.info('sync.finished', { ms: now() - cursor.startedAt, upserted: reports.reduce((n, r) => n + r.upserted, 0) });
    return reports;
  }

  private async syncKind(kind: MirrorKind, cursor: FullSyncCursor, onProgress: SyncProgress | undefined, now: () => number): Promise<KindReport> {
    let upserted = 0;
    let fetched = 0;
    onProgress?.(kind.table, 0, 0);
    for await (const page of this.http.pages<{ id: number }>(kind.path, kind.params, cursor.afterId)) {
      const rows = page.results.map((raw) => kind.parse(raw));
      await this.store.mirror.upsert(kind.table, rows, now());
      upserted += rows.length;
      fetched += rows.length;
      cursor.afterId = page.lastId;
      await this.store.cursors.set(FULL_SYNC_CURSOR, cursor);
      onProgress?.(kind.table, fetched, page.count + fetched - page.results.length);
    }
    // Rows untouched since the run began are gone from NetBox (webhook writes during the run are newer).
    const pruned = await this.store.mirror.pruneUnseen(kind.table, cursor.startedAt);
    await this.store.cursors.set(FULL_SYNC_CURSOR, { ...cursor, kindIndex: cursor.kindIndex + 1, afterId: 0 });
    this.log.info('sync.kind.done', { table: kind.table, upserted, pruned });
    return { table: kind.table, upserted, pruned };
  }
}
