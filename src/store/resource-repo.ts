/** @module Derived resources and their group memberships, replaced as a whole on each derivation. */
import type { Kysely, Selectable } from 'kysely';
import type { GroupBy, Resource } from '../core/resource';
import type { Database, ResourceRow } from './schema';

const CHUNK = 400;

function toResource(r: Selectable<ResourceRow>): Resource {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    mac: r.mac,
    parentType: r.parent_type as Resource['parentType'],
    parentId: r.parent_id,
    interfaceId: r.interface_id,
    groupBy: r.group_by as GroupBy | null,
    groupValue: r.group_value,
    tenantId: r.tenant_id,
    attrs: JSON.parse(r.attrs) as Record<string, unknown>,
  };
}

/** Stores resources. */
export class ResourceRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces all resources and memberships in one transaction. */
  async replaceAll(resources: readonly Resource[], members: ReadonlyArray<{ groupId: string; memberId: string }>, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('resource_members').execute();
      await trx.deleteFrom('resources').execute();
      for (let i = 0; i < resources.length; i += CHUNK) {
        await trx.insertInto('resources').values(resources.slice(i, i + CHUNK).map((r) => ({
          id: r.id,
          kind: r.kind,
          name: r.name,
          mac: r.mac,
          parent_type: r.parentType,
          parent_id: r.parentId,
          interface_id: r.interfaceId,
          group_by: r.groupBy,
          group_value: r.groupValue,
          tenant_id: r.tenantId,
          attrs: JSON.stringify(r.attrs),
          updated_at: now,
        }))).execute();
      }
      for (let i = 0; i < members.length; i += CHUNK) {
        await trx.insertInto('resource_members').values(members.slice(i, i + CHUNK).map((m) => ({ group_id: m.groupId, member_id: m.memberId }))).execute();
      }
    });
  }

  /** All resources, optionally of one kind. */
  async list(kind?: Resource['kind']): Promise<Resource[]> {
    let q = this.db.selectFrom('resources').selectAll().orderBy('id');
    if (kind) q = q.where('kind', '=', kind);
    return (await q.execute()).map(toResource);
  }

  /** Resource count per kind (both kinds always present). */
  async countByKind(): Promise<Record<Resource['kind'], number>> {
    const rows = await this.db.selectFrom('resources').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const counts = { interface: 0, group: 0 };
    for (const r of rows) counts[r.kind] = Number(r.n);
    return counts;
  }

  /** One resource by id. */
  async get(id: string): Promise<Resource | undefined> {
    const row = await this.db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toResource(row) : undefined;
  }

  /** Member resource ids of a group. */
  async members(groupId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('resource_members').select('member_id').where('group_id', '=', groupId).orderBy('member_id').execute();
    return rows.map((r) => r.member_id);
  }
}
