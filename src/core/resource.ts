/** @module Resources: the things that consume addresses (an interface with a MAC, or a group). */

/** What a group is formed by. */
export type GroupBy = 'tag' | 'role' | 'cluster' | 'tenant';

/** A resource derived from the NetBox mirror. */
export interface Resource {
  /** Stable id: `vmif:<id>`, `devif:<id>` or `group:<by>:<slug>`. */
  id: string;
  kind: 'interface' | 'group';
  name: string;
  mac: string | null;
  parentType: 'vm' | 'device' | null;
  parentId: number | null;
  interfaceId: number | null;
  groupBy: GroupBy | null;
  groupValue: string | null;
  tenantId: number | null;
  attrs: Record<string, unknown>;
}
