/** @module First schema: NetBox mirror, resources, events, reservations, sync cursors. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type IndexSpec, type TableSpec } from './table-spec';

const mirror = (columns: TableSpec['columns']): TableSpec['columns'] => [
  ['id', 'integer', 'pk'],
  ['last_updated', 'text', 'null'],
  ['seen_at', 'bigint'],
  ...columns,
];
const named = mirror([['name', 'text'], ['slug', 'text', 'null']]);

/** Version-1 tables. JSON is stored as text so both dialects read it the same way. */
export const INITIAL_TABLES: TableSpec[] = [
  { name: 'nb_prefixes', columns: mirror([
    ['prefix', 'text'], ['family', 'integer'], ['vrf_id', 'integer', 'null'], ['status', 'text'], ['role_id', 'integer', 'null'],
    ['tenant_id', 'integer', 'null'], ['is_pool', 'integer', 0], ['description', 'text', ''], ['tags', 'text', '[]'], ['custom_fields', 'text', '{}'],
  ]) },
  { name: 'nb_ip_ranges', columns: mirror([
    ['start_address', 'text'], ['end_address', 'text'], ['family', 'integer'], ['vrf_id', 'integer', 'null'], ['status', 'text'],
    ['role_id', 'integer', 'null'], ['tenant_id', 'integer', 'null'], ['mark_populated', 'integer', 0], ['description', 'text', ''],
    ['tags', 'text', '[]'], ['custom_fields', 'text', '{}'],
  ]) },
  { name: 'nb_ip_addresses', columns: mirror([
    ['address', 'text'], ['family', 'integer'], ['vrf_id', 'integer', 'null'], ['status', 'text'], ['role', 'text', 'null'],
    ['tenant_id', 'integer', 'null'], ['assigned_object_type', 'text', 'null'], ['assigned_object_id', 'integer', 'null'],
    ['dns_name', 'text', ''], ['description', 'text', ''], ['tags', 'text', '[]'], ['custom_fields', 'text', '{}'],
  ]) },
  { name: 'nb_vms', columns: mirror([
    ['name', 'text'], ['status', 'text'], ['cluster_id', 'integer', 'null'], ['role_id', 'integer', 'null'],
    ['tenant_id', 'integer', 'null'], ['site_id', 'integer', 'null'], ['tags', 'text', '[]'],
  ]) },
  { name: 'nb_devices', columns: mirror([
    ['name', 'text', 'null'], ['status', 'text'], ['role_id', 'integer', 'null'], ['tenant_id', 'integer', 'null'],
    ['site_id', 'integer', 'null'], ['tags', 'text', '[]'],
  ]) },
  ...['nb_vm_interfaces', 'nb_device_interfaces'].map((name) => ({ name, columns: mirror([
    ['parent_id', 'integer'], ['name', 'text'], ['enabled', 'integer', 1], ['primary_mac_id', 'integer', 'null'], ['tags', 'text', '[]'],
  ]) })),
  { name: 'nb_mac_addresses', columns: mirror([
    ['mac_address', 'text'], ['assigned_object_type', 'text', 'null'], ['assigned_object_id', 'integer', 'null'],
  ]) },
  ...['nb_tags', 'nb_tenants', 'nb_ipam_roles', 'nb_device_roles', 'nb_clusters'].map((name) => ({ name, columns: named })),
  { name: 'resources', columns: [
    ['id', 'text', 'pk'], ['kind', 'text'], ['name', 'text'], ['mac', 'text', 'null'], ['parent_type', 'text', 'null'],
    ['parent_id', 'integer', 'null'], ['interface_id', 'integer', 'null'], ['group_by', 'text', 'null'], ['group_value', 'text', 'null'],
    ['tenant_id', 'integer', 'null'], ['attrs', 'text', '{}'], ['updated_at', 'bigint'],
  ] },
  { name: 'resource_members', columns: [['group_id', 'text'], ['member_id', 'text']], primaryKey: ['group_id', 'member_id'] },
  { name: 'events', columns: [
    ['id', 'serial', 'pk'], ['ts', 'bigint'], ['type', 'text'], ['resource_id', 'text', 'null'], ['reservation_id', 'text', 'null'],
    ['payload', 'text', '{}'],
  ] },
  { name: 'reservations', columns: [
    ['id', 'text', 'pk'], ['idempotency_key', 'text', 'unique'], ['resource_id', 'text'], ['state', 'text'], ['address', 'text', 'null'],
    ['source_kind', 'text', 'null'], ['source_id', 'integer', 'null'], ['netbox_ip_id', 'integer', 'null'], ['mac', 'text', 'null'],
    ['confidence', 'real', 0], ['expires_at', 'bigint'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
  ] },
  { name: 'sync_cursors', columns: [['name', 'text', 'pk'], ['value', 'text'], ['updated_at', 'bigint']] },
];

const INDEXES: IndexSpec[] = [
  ['events_ts_idx', 'events', ['ts']],
  ['events_resource_idx', 'events', ['resource_id', 'ts']],
  ['reservations_state_idx', 'reservations', ['state', 'expires_at']],
  ['nb_ip_addresses_address_idx', 'nb_ip_addresses', ['address']],
  ['nb_mac_addresses_assigned_idx', 'nb_mac_addresses', ['assigned_object_type', 'assigned_object_id']],
];

/** Builds the version-1 schema on either dialect. */
export function initialMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createSchema(db, dialect, INITIAL_TABLES, INDEXES);
    },
  };
}
