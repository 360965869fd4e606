/** @module Bulk create, update and delete (each request all-or-none on NetBox's side), plus available-ips allocation. */
import { IpshadowError } from '../../core/errors';
import type { NetBoxHttp } from './http';

/** Ids a failed bulk delete names as not existing (NetBox answers 400 with one entry per missing object). */
export function missingIds(err: unknown): Set<number> {
  if (!(err instanceof IpshadowError) || err.code !== 'NETBOX_HTTP') return new Set();
  const body = err.context.body as { errors?: Array<{ id?: unknown; errors?: unknown }> } | undefined;
  return new Set((body?.errors ?? []).filter((e) => typeof e.id === 'number' && /does not exist/.test(JSON.stringify(e.errors ?? ''))).map((e) => e.id as number));
}

// NetBox caps a request at MAX_PAGE_SIZE objects by default (1000); stay well under it.
const BULK_CHUNK = 500;

/** `path?fields=id,…` naming every key the items carry (their union), so NetBox accepts all of them. */
function withFields(path: string, items: readonly object[]): string {
  const keys = new Set(['id']);
  for (const item of items) for (const k of Object.keys(item)) keys.add(k);
  return `${path}${path.includes('?') ? '&' : '?'}fields=${[...keys].join(',')}`;
}

/** Where to take free addresses from. */
export interface AddressSource {
  kind: 'prefix' | 'ip-range';
  id: number;
}

/** Bulk operations on one NetBox list endpoint. */
export class NetBoxBulk {
  constructor(private readonly http: NetBoxHttp) {}

  /** POSTs a list of objects; returns what NetBox created, in order. */
  create<T>(path: string, items: readonly object[]): Promise<T[]> {
    return this.send<T>('POST', path, items, false);
  }

  /** PATCHes a list of `{id, …}` objects. */
  update<T>(path: string, items: ReadonlyArray<{ id: number } & object>): Promise<T[]> {
    return this.send<T>('PATCH', path, items, false);
  }

  /**
   * Like `create` and `update`, but NetBox answers with the written fields only (a full IP record is ~2 kB of JSON,
   * parsed on the sidecar's event loop). NetBox's `fields` parameter also limits what it accepts, so the list is
   * taken from the items' own keys: nothing written is dropped.
   */
  createLean(path: string, items: readonly object[]): Promise<Array<{ id: number }>> {
    return this.send('POST', path, items, true);
  }

  updateLean(path: string, items: ReadonlyArray<{ id: number } & object>): Promise<Array<{ id: number }>> {
    return this.send('PATCH', path, items, true);
  }

  private async send<T>(method: 'POST' | 'PATCH', path: string, items: readonly object[], lean: boolean): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < items.length; i += BULK_CHUNK) {
      const chunk = items.slice(i, i + BULK_CHUNK);
      out.push(...(await this.http.request<T[]>(method, lean ? withFields(path, chunk) : path, chunk)));
    }
    return out;
  }

  /**
   * DELETEs objects by id; ids already gone are skipped. NetBox refuses a bulk delete whole when one id is gone (400,
   * "does not exist"), which also happens when a retried DELETE finds its first attempt's work done.
   */
  async remove(path: string, ids: readonly number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BULK_CHUNK) {
      const chunk = ids.slice(i, i + BULK_CHUNK);
      try {
        await this.http.request('DELETE', path, chunk.map((id) => ({ id })));
      } catch (err) {
        const gone = missingIds(err);
        if (gone.size === 0) throw err;
        const rest = chunk.filter((id) => !gone.has(id));
        if (rest.length > 0) await this.http.request('DELETE', path, rest.map((id) => ({ id })));
      }
    }
  }

  /**
   * Creates IP records on the next free addresses of a prefix or IP range. NetBox picks them under its advisory
   * lock, so concurrent callers never get the same address. Throws NETBOX_NO_ROOM when the source is full.
   */
  async allocate<T>(source: AddressSource, bodies: readonly object[]): Promise<T[]> {
    const path = `/api/ipam/${source.kind === 'prefix' ? 'prefixes' : 'ip-ranges'}/${source.id}/available-ips/`;
    const out: T[] = [];
    try {
      for (let i = 0; i < bodies.length; i += BULK_CHUNK) {
        const chunk = bodies.slice(i, i + BULK_CHUNK);
        const res = await this.http.request<T | T[]>('POST', path, chunk.length === 1 ? chunk[0] : chunk);
        out.push(...(Array.isArray(res) ? res : [res]));
      }
    } catch (err) {
      if (err instanceof IpshadowError && err.code === 'NETBOX_NO_ROOM') {
        throw new IpshadowError('NETBOX_NO_ROOM', `no free addresses left in ${source.kind} ${source.id} (${out.length} of ${bodies.length} allocated)`, { ...source, allocated: out.length }, err);
      }
      throw err;
    }
    return out;
  }
}
