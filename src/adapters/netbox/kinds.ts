/** @module One descriptor per mirrored NetBox object type; sync and webhooks share the same parsers. */
import { z } from 'zod';
import type { MirrorTable } from '../../store/schema';
import type { MirrorRow } from '../../store/mirror-repo';

// NetBox nests related objects as `{id, …}` or null; choices as `{value, label}`.
const ref = z.object({ id: z.number() }).nullish().transform((r) => r?.id ?? null);
const choice = z.object({ value: z.union([z.string(), z.number()]) }).nullish().transform((c) => (c == null ? null : String(c.value)));
const tags = z.array(z.object({ slug: z.string() })).default([]).transform((t) => JSON.stringify(t.map((x) => x.slug).sort()));
const customFields = z.record(z.string(), z.unknown()).nullish().transform((c) => JSON.stringify(c ?? {}));
const base = { id: z.number().int(), last_updated: z.string().nullish().transform((v) => v ?? null) };
const str = z.string().nullish().transform((v) => v ?? '');
const familyOf = z.object({ value: z.number() }).transform((f) => f.value);
const bool = z.boolean().default(true).transform((b) => (b ? 1 : 0));

const named = z.object({ ...base, name: z.string(), slug: z.string().nullish().transform((v) => v ?? null) });

const parsers = {
  nb_prefixes: z.object({
    ...base, prefix: z.string(), family: familyOf, vrf: ref, status: choice.transform((v) => v ?? 'active'), role: ref, tenant: ref,
    is_pool: z.boolean().default(false), description: str, tags, custom_fields: customFields,
  }).transform((o) => ({
    id: o.id, last_updated: o.last_updated, prefix: o.prefix, family: o.family, vrf_id: o.vrf, status: o.status, role_id: o.role,
    tenant_id: o.tenant, is_pool: o.is_pool ? 1 : 0, description: o.description, tags: o.tags, custom_fields: o.custom_fields,
  })),
  nb_ip_ranges: z.object({
    ...base, start_address: z.string(), end_address: z.string(), family: familyOf, vrf: ref, status: choice.transform((v) => v ?? 'active'),
    role: ref, tenant: ref, mark_populated: z.boolean().default(false), description: str, tags, custom_fields: customFields,
  }).transform((o) => ({
    id: o.id, last_updated: o.last_updated, start_address: o.start_address, end_address: o.end_address, family: o.family, vrf_id: o.vrf,
    status: o.status, role_id: o.role, tenant_id: o.tenant, mark_populated: o.mark_populated ? 1 : 0, description: o.description,
    tags: o.tags, custom_fields: o.custom_fields,
  })),
  nb_ip_addresses: z.object({
    ...base, address: z.string(), family: familyOf, vrf: ref, status: choice.transform((v) => v ?? 'active'), role: choice, tenant: ref,
    assigned_object_type: z.string().nullish().transform((v) => v ?? null), assigned_object_id: z.number().nullish().transform((v) => v ?? null),
    dns_name: str, description: str, tags, custom_fields: customFields,
  }).transform((o) => ({
    id: o.id, last_updated: o.last_updated, address: o.address, family: o.family, vrf_id: o.vrf, status: o.status, role: o.role,
    tenant_id: o.tenant, assigned_object_type: o.assigned_object_type, assigned_object_id: o.assigned_object_id, dns_name: o.dns_name,
    description: o.description, tags: o.tags, custom_fields: o.custom_fields,
  })),
  nb_vms: z.object({ ...base, name: z.string(), status: choice.transform((v) => v ?? 'active'), cluster: ref, role: ref, tenant: ref, site: ref, tags })
    .transform((o) => ({ id: o.id, last_updated: o.last_updated, name: o.name, status: o.status, cluster_id: o.cluster, role_id: o.role, tenant_id: o.tenant, site_id: o.site, tags: o.tags })),
  nb_devices: z.object({ ...base, name: z.string().nullish().transform((v) => v ?? null), status: choice.transform((v) => v ?? 'active'), role: ref, tenant: ref, site: ref, tags })
    .transform((o) => ({ id: o.id, last_updated: o.last_updated, name: o.name, status: o.status, role_id: o.role, tenant_id: o.tenant, site_id: o.site, tags: o.tags })),
  nb_vm_interfaces: z.object({ ...base, virtual_machine: z.object({ id: z.number() }), name: z.string(), enabled: bool, primary_mac_address: ref, tags })
    .transform((o) => ({ id: o.id, last_updated: o.last_updated, parent_id: o.virtual_machine.id, name: o.name, enabled: o.enabled, primary_mac_id: o.primary_mac_address, tags: o.tags })),
  nb_device_interfaces: z.object({ ...base, device: z.object({ id: z.number() }), name: z.string(), enabled: bool, primary_mac_address: ref, tags })
    .transform((o) => ({ id: o.id, last_updated: o.last_updated, parent_id: o.device.id, name: o.name, enabled: o.enabled, primary_mac_id: o.primary_mac_address, tags: o.tags })),
  nb_mac_addresses: z.object({
    ...base, mac_address: z.string().transform((m) => m.toLowerCase()),
    assigned_object_type: z.string().nullish().transform((v) => v ?? null), assigned_object_id: z.number().nullish().transform((v) => v ?? null),
  }),
  nb_tags: named,
  nb_tenants: named,
  nb_ipam_roles: named,
  nb_device_roles: named,
  nb_clusters: named,
} satisfies { [T in MirrorTable]: z.ZodType<MirrorRow<T>> };

/** A mirrored object type: where to list it, what webhooks call it, and how to parse it. */
export interface MirrorKind<T extends MirrorTable = MirrorTable> {
  table: T;
  /** REST list path. */
  path: string;
  /** `object_type` in webhook bodies and event rules (app_label.model). */
  objectType: string;
  /** Extra list parameters (for example, leaving out expensive fields). */
  params?: Record<string, string>;
  parse: (raw: unknown) => MirrorRow<T>;
}

function kind<T extends MirrorTable>(table: T, path: string, objectType: string, params?: Record<string, string>): MirrorKind<T> {
  const schema = parsers[table] as unknown as z.ZodType<MirrorRow<T>>;
  return { table, path, objectType, params, parse: (raw) => schema.parse(raw) };
}

/** Sync order: referenced objects before the objects that reference them. */
export const MIRROR_KINDS: readonly MirrorKind[] = [
  kind('nb_tags', '/api/extras/tags/', 'extras.tag'),
  kind('nb_tenants', '/api/tenancy/tenants/', 'tenancy.tenant'),
  kind('nb_ipam_roles', '/api/ipam/roles/', 'ipam.role'),
  kind('nb_device_roles', '/api/dcim/device-roles/', 'dcim.devicerole'),
  kind('nb_clusters', '/api/virtualization/clusters/', 'virtualization.cluster'),
  kind('nb_prefixes', '/api/ipam/prefixes/', 'ipam.prefix'),
  kind('nb_ip_ranges', '/api/ipam/ip-ranges/', 'ipam.iprange'),
  kind('nb_vms', '/api/virtualization/virtual-machines/', 'virtualization.virtualmachine', { exclude: 'config_context' }),
  kind('nb_devices', '/api/dcim/devices/', 'dcim.device', { exclude: 'config_context' }),
  kind('nb_vm_interfaces', '/api/virtualization/interfaces/', 'virtualization.vminterface'),
  kind('nb_device_interfaces', '/api/dcim/interfaces/', 'dcim.interface'),
  kind('nb_mac_addresses', '/api/dcim/mac-addresses/', 'dcim.macaddress'),
  kind('nb_ip_addresses', '/api/ipam/ip-addresses/', 'ipam.ipaddress'),
];

/** The kind for a webhook `object_type`, if ipshadow mirrors it. */
export function kindByObjectType(objectType: string): MirrorKind | undefined {
  return MIRROR_KINDS.find((k) => k.objectType === objectType);
}
