/** @module Rows of the embedded IPAM: prefixes, ranges and address records; allocation logic lives in src/ipam. */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database } from './schema';

/** A prefix of the embedded IPAM. */
export interface IpamPrefixRow {
  id: Generated<number>;
  prefix: string;
  family: number;
  tenant_id: number | null;
  is_pool: number;
  description: string;
}

/** An IP range; `shadow` marks the ranges only ipshadow allocates from, `mark_populated` hides it from its prefix. */
export interface IpamRangeRow {
  id: Generated<number>;
  start_address: string;
  end_address: string;
  family: number;
  tenant_id: number | null;
  shadow: number;
  mark_populated: number;
  description: string;
}

/** One address record; `sort_key` is unique, so an address is never held twice. */
export interface IpamAddressRow {
  id: Generated<number>;
  sort_key: string;
  address: string;
  family: number;
  status: string;
  resource_id: string | null;
  reservation_id: string | null;
  source_kind: string | null;
  source_id: number | null;
  state: string | null;
  confidence: number | null;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The IPAM tables as kysely sees them. */
// A type alias, not an interface: kysely's withTables needs the implicit index signature.
export type IpamTables = {
  ipam_prefixes: IpamPrefixRow;
  ipam_ranges: IpamRangeRow;
  ipam_addresses: IpamAddressRow;
};

/** Stored rows, as read back. */
export type IpamPrefix = Selectable<IpamPrefixRow>;
/** A stored range. */
export type IpamRange = Selectable<IpamRangeRow>;
/** A stored address record. */
export type IpamAddress = Selectable<IpamAddressRow>;
/** An address record to insert. */
export type NewIpamAddress = Omit<IpamAddressRow, 'id'>;

/** Reads and writes the IPAM tables. */
export class IpamRepo {
  private readonly db: Kysely<Database & IpamTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<IpamTables>();
  }

  /** Adds a prefix; returns its id. */
  async addPrefix(p: { prefix: string; family: number; tenantId?: number | null; isPool?: boolean; description?: string }): Promise<number> {
    const row = await this.db.insertInto('ipam_prefixes')
      .values({ prefix: p.prefix, family: p.family, tenant_id: p.tenantId ?? null, is_pool: p.isPool ? 1 : 0, description: p.description ?? '' })
      .returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Adds an IP range; returns its id. */
  async addRange(r: { start: string; end: string; family: number; tenantId?: number | null; shadow?: boolean; markPopulated?: boolean; description?: string }): Promise<number> {
    const row = await this.db.insertInto('ipam_ranges')
      .values({
        start_address: r.start, end_address: r.end, family: r.family, tenant_id: r.tenantId ?? null,
        shadow: r.shadow ? 1 : 0, mark_populated: r.markPopulated ? 1 : 0, description: r.description ?? '',
      })
      .returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** One prefix by id. */
  async prefix(id: number): Promise<IpamPrefix | undefined> {
    return this.db.selectFrom('ipam_prefixes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One range by id. */
  async range(id: number): Promise<IpamRange | undefined> {
    return this.db.selectFrom('ipam_ranges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every range of one family, by id. */
  async ranges(family: number): Promise<IpamRange[]> {
    return this.db.selectFrom('ipam_ranges').selectAll().where('family', '=', family).orderBy('id').execute();
  }

  /** Sort keys of the held addresses in [lo, hi], ascending. */
  async usedKeys(lo: string, hi: string): Promise<string[]> {
    const rows = await this.db.selectFrom('ipam_addresses').select('sort_key').where('sort_key', '>=', lo).where('sort_key', '<=', hi).orderBy('sort_key').execute();
    return rows.map((r) => r.sort_key);
  }

  /** Inserts records in one statement: all or none (a unique `sort_key` clash rejects the whole batch). */
  async insert(rows: readonly NewIpamAddress[]): Promise<IpamAddress[]> {
    if (rows.length === 0) return [];
    return this.db.insertInto('ipam_addresses').values([...rows]).returningAll().execute();
  }

  /** Records carrying one of these reservation ids. */
  async byReservation(ids: readonly string[]): Promise<IpamAddress[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('ipam_addresses').selectAll().where('reservation_id', 'in', [...ids]).orderBy('sort_key').execute();
  }

  /** Records held for one resource, by address. */
  async byResource(resourceId: string): Promise<IpamAddress[]> {
    return this.db.selectFrom('ipam_addresses').selectAll().where('resource_id', '=', resourceId).orderBy('sort_key').execute();
  }

  /** Sets state (and optionally status) on records. */
  async setState(ids: readonly number[], state: string, now: number, status?: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('ipam_addresses').set({ state, updated_at: now, ...(status && { status }) }).where('id', 'in', [...ids]).execute();
  }

  /** Deletes records by id; returns how many went. */
  async remove(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.db.deleteFrom('ipam_addresses').where('id', 'in', [...ids]).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Records that belong to a shadow reservation, by address. */
  async shadow(): Promise<IpamAddress[]> {
    return this.db.selectFrom('ipam_addresses').selectAll().where('reservation_id', 'is not', null).orderBy('sort_key').execute();
  }
}
