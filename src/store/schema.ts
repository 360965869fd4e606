/** @module Table types for the store (NetBox mirror, resources, events, reservations, sync cursors). */
import type { Generated } from 'kysely';

/** Columns every mirrored NetBox object has. JSON columns hold text so SQLite and PostgreSQL agree. */
export interface MirrorBase {
  id: number;
  last_updated: string | null;
  /** Epoch ms when sync or a webhook last wrote this row; rows not seen by a full sync are pruned. */
  seen_at: number;
}

export interface PrefixRow extends MirrorBase {
  prefix: string;
  family: number;
  vrf_id: number | null;
  status: string;
  role_id: number | null;
  tenant_id: number | null;
  is_pool: number;
  description: string;
  tags: string;
  custom_fields: string;
}

export interface IpRangeRow extends MirrorBase {
  start_address: string;
  end_address: string;
  family: number;
  vrf_id: number | null;
  status: string;
  role_id: number | null;
  tenant_id: number | null;
  mark_populated: number;
  description: string;
  tags: string;
  custom_fields: string;
}

export interface IpAddressRow extends MirrorBase {
  address: string;
  family: number;
  vrf_id: number | null;
  status: string;
  role: string | null;
  tenant_id: number | null;
  assigned_object_type: string | null;
  assigned_object_id: number | null;
  dns_name: string;
  description: string;
  tags: string;
  custom_fields: string;
}

export interface VmRow extends MirrorBase {
  name: string;
  status: string;
  cluster_id: number | null;
  role_id: number | null;
  tenant_id: number | null;
  site_id: number | null;
  tags: string;
}

export interface DeviceRow extends MirrorBase {
  name: string | null;
  status: string;
  role_id: number | null;
  tenant_id: number | null;
  site_id: number | null;
  tags: string;
}

export interface InterfaceRow extends MirrorBase {
  parent_id: number;
  name: string;
  enabled: number;
  primary_mac_id: number | null;
  tags: string;
}

export interface MacAddressRow extends MirrorBase {
  mac_address: string;
  assigned_object_type: string | null;
  assigned_object_id: number | null;
}

export interface NamedRow extends MirrorBase {
  name: string;
  slug: string | null;
}

export interface ResourceRow {
  id: string;
  kind: 'interface' | 'group';
  name: string;
  mac: string | null;
  parent_type: string | null;
  parent_id: number | null;
  interface_id: number | null;
  group_by: string | null;
  group_value: string | null;
  tenant_id: number | null;
  attrs: string;
  updated_at: number;
}

export interface ResourceMemberRow {
  group_id: string;
  member_id: string;
}

export interface EventRow {
  id: Generated<number>;
  ts: number;
  type: string;
  resource_id: string | null;
  reservation_id: string | null;
  payload: string;
}

export interface ReservationRow {
  id: string;
  idempotency_key: string;
  resource_id: string;
  state: string;
  address: string | null;
  source_kind: string | null;
  source_id: number | null;
  netbox_ip_id: number | null;
  mac: string | null;
  confidence: number;
  expires_at: number;
  created_at: number;
  updated_at: number;
  /** The allocation key a claim was made for (migration 007); null until claimed. */
  allocation_key: string | null;
}

export interface SyncCursorRow {
  name: string;
  value: string;
  updated_at: number;
}

/** The full database as kysely sees it. */
export interface Database {
  nb_prefixes: PrefixRow;
  nb_ip_ranges: IpRangeRow;
  nb_ip_addresses: IpAddressRow;
  nb_vms: VmRow;
  nb_devices: DeviceRow;
  nb_vm_interfaces: InterfaceRow;
  nb_device_interfaces: InterfaceRow;
  nb_mac_addresses: MacAddressRow;
  nb_tags: NamedRow;
  nb_tenants: NamedRow;
  nb_ipam_roles: NamedRow;
  nb_device_roles: NamedRow;
  nb_clusters: NamedRow;
  resources: ResourceRow;
  resource_members: ResourceMemberRow;
  events: EventRow;
  reservations: ReservationRow;
  sync_cursors: SyncCursorRow;
}

/** Names of the NetBox mirror tables. */
export type MirrorTable = Extract<keyof Database, `nb_${string}`>;
