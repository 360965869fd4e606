/** @module Adapts the Store to what collect needs: the resource map's input and the telemetry sink. */
import type { Store } from '../store';
import type { ResourceMapInput } from './mapping';

/** Read resources, group memberships and prefixes from the store's mirror. */
export async function resourceMapInput(store: Store): Promise<ResourceMapInput> {
  const [resources, members, prefixes] = await Promise.all([
    store.resources.list(),
    store.db.kysely.selectFrom('resource_members').select(['group_id', 'member_id']).execute(),
    store.mirror.list('nb_prefixes'),
  ]);
  return { resources, members: members.map((m) => ({ groupId: m.group_id, memberId: m.member_id })), prefixes: prefixes.map((p) => ({ id: p.id, prefix: p.prefix })) };
}
