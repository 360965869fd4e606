/**
 * @module The embedded IPAM: a SourceOfTruth on the ipshadow store, for the demo, the backtest and small sites.
 * Allocation is optimistic and atomic: read the addresses in use, choose, then insert every chosen record in one
 * statement; the unique sort key rejects the whole batch if another writer took one of them, and we choose again.
 * Calls on one instance are also queued, so only separate instances (or processes) ever race.
 */
import { IpshadowError } from '../core/errors';
import { parseCidr } from '../core/ip';
import type { AddressStatus, AllocateRequest, Clock, SelectionPolicy, ShadowRecord, SourceOfTruth } from '../core/ports';
import type { ReservationState } from '../core/reservation';
import type { IpamAddress, IpamRepo, NewIpamAddress } from '../store/ipam-repo';
import { formatIp, keyValue, mustParseIp, sortKey } from './address';
import { keepContiguous, lowestFree, type Span } from './select';
import { resolveSpans } from './spans';

/** Options of the embedded IPAM. */
export interface EmbeddedIpamOptions {
  /** How many times a batch that lost a race is chosen again before giving up with CONFLICT. */
  retries?: number;
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

function toRecord(r: IpamAddress): ShadowRecord {
  return {
    recordId: Number(r.id), address: r.address, status: r.status as AddressStatus, resourceId: r.resource_id,
    reservationId: r.reservation_id, state: r.state as ReservationState | null,
    confidence: r.confidence === null ? null : Number(r.confidence), expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  };
}

/** SourceOfTruth over the store's IPAM tables. */
export class EmbeddedIpam implements SourceOfTruth {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly retries: number;

  constructor(private readonly repo: IpamRepo, private readonly clock: Clock, options: EmbeddedIpamOptions = {}) {
    this.retries = options.retries ?? 50;
  }

  /** Adds a prefix such as `10.0.0.0/24`; returns its id. */
  async addPrefix(prefix: string, opts: { tenantId?: number; isPool?: boolean; description?: string } = {}): Promise<number> {
    const c = parseCidr(prefix);
    if (!c || !prefix.includes('/')) throw new IpshadowError('CONFIG_INVALID', `not a prefix: "${prefix}"`, { prefix });
    return this.repo.addPrefix({ prefix, family: c.family, ...opts });
  }

  /** Adds an IP range (plain addresses); `shadow` marks it as a shadow range. */
  async addRange(start: string, end: string, opts: { tenantId?: number; shadow?: boolean; markPopulated?: boolean; description?: string } = {}): Promise<number> {
    const a = mustParseIp(start), b = mustParseIp(end);
    if (a.family !== b.family || a.value > b.value) throw new IpshadowError('CONFIG_INVALID', `bad range ${start}–${end}`, { start, end });
    return this.repo.addRange({ start, end, family: a.family, ...opts });
  }

  /** Allocates one record per item; items whose reservation already holds a record get that record back. */
  allocate(req: AllocateRequest): Promise<ShadowRecord[]> {
    return this.serial(() => this.allocateNow(req));
  }

  /** Sets state and optionally status. */
  async setState(recordIds: readonly number[], state: ReservationState, _note: string, status?: AddressStatus): Promise<void> {
    await this.repo.setState(recordIds, state, this.clock.now(), status);
  }

  /** Deletes records. */
  async release(recordIds: readonly number[]): Promise<void> {
    await this.repo.remove(recordIds);
  }

  /** Every record that carries a reservation id. */
  async listShadow(): Promise<ShadowRecord[]> {
    return (await this.repo.shadow()).map(toRecord);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async allocateNow(req: AllocateRequest): Promise<ShadowRecord[]> {
    const have = new Map((await this.repo.byReservation(req.items.map((i) => i.reservationId))).map((r) => [r.reservation_id, r]));
    const missing = req.items.filter((i) => !have.has(i.reservationId));
    if (missing.length > 0) {
      const { family, spans } = await resolveSpans(this.repo, req.source, req.selection ?? { policy: 'lowest-free' });
      for (const r of await this.insertChosen(req, missing, family, spans)) have.set(r.reservation_id, r);
    }
    return req.items.map((i) => toRecord(have.get(i.reservationId)!));
  }

  private async insertChosen(req: AllocateRequest, items: AllocateRequest['items'], family: 4 | 6, spans: Span[]): Promise<IpamAddress[]> {
    const lo = sortKey(family, spans[0]!.lo), hi = sortKey(family, spans[spans.length - 1]!.hi);
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const used = new Set((await this.repo.usedKeys(lo, hi)).map(keyValue));
      const chosen = await this.choose(req.selection, req.resourceId, family, spans, used, items.length);
      if (!chosen) {
        throw new IpshadowError('NETBOX_NO_ROOM', `embedded IPAM: fewer than ${items.length} free addresses in ${req.source.kind} ${req.source.id}`, { source: req.source, count: items.length });
      }
      const now = this.clock.now();
      const rows = chosen.map((v, i): NewIpamAddress => ({
        sort_key: sortKey(family, v), address: formatIp(family, v), family, status: 'reserved', resource_id: req.resourceId,
        reservation_id: items[i]!.reservationId, source_kind: req.source.kind, source_id: req.source.id, state: items[i]!.state,
        confidence: items[i]!.confidence, expires_at: items[i]!.expiresAt, created_at: now, updated_at: now,
      }));
      try {
        return await this.repo.insert(rows);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new IpshadowError('CONFLICT', `embedded IPAM: lost ${this.retries + 1} allocation races in ${req.source.kind} ${req.source.id}`, { source: req.source });
  }

  private async choose(sel: SelectionPolicy | undefined, resourceId: string, family: 4 | 6, spans: Span[], used: Set<bigint>, n: number): Promise<bigint[] | null> {
    if (sel?.policy !== 'keep-contiguous') return lowestFree(spans, used, n);
    const anchors = (await this.repo.byResource(resourceId)).filter((r) => r.family === family).map((r) => keyValue(r.sort_key));
    return keepContiguous(spans, used, n, anchors);
  }
}
