/** @module Resolves the engine's placement for a resource from the `engine.placements` rules, its MAC and Kea's subnets. */
import type { DhcpBinding } from '../core/ports';
import type { Resource } from '../core/resource';
import type { Placement } from '../engine/lifecycle';
import type { Config } from '../config/schema';

type Rule = Config['engine']['placements'][number];

/** True when a rule's pattern (`id`, or a prefix ending in `*`) covers the resource id. */
export function ruleMatches(pattern: string, resourceId: string): boolean {
  return pattern.endsWith('*') ? resourceId.startsWith(pattern.slice(0, -1)) : pattern === resourceId;
}

/** The Kea subnet id of an address, 0 when no Kea subnet holds it (adapters/kea KeaSubnetTable.idOf). */
export type SubnetOf = (address: string) => number;

function binding(rule: Rule, resource: Resource | undefined, subnetOf: SubnetOf, address: string): DhcpBinding | null {
  if (rule.binding === 'none') return null;
  if (rule.binding === 'group') return { kind: 'group', group: resource?.id ?? '' };
  const subnetId = subnetOf(address);
  // A host row or pre-lease needs the client's MAC and the Kea subnet of the address; without them nothing is published.
  if (!resource?.mac || subnetId === 0) return null;
  return { kind: rule.binding, hwaddr: resource.mac.toLowerCase(), subnetId };
}

/** A placement function for the engine over the current resources (refreshed by the caller when resources change). */
export function placementsFor(rules: readonly Rule[], subnetOf: SubnetOf, resources: ReadonlyMap<string, Resource>) {
  return (resourceId: string): Placement | null => {
    const rule = rules.find((r) => ruleMatches(r.resource, resourceId));
    if (!rule) return null;
    const resource = resources.get(resourceId);
    return {
      source: rule.source,
      selection: { policy: rule.selection },
      binding: (address) => binding(rule, resource ?? ({ id: resourceId } as Resource), subnetOf, address),
    };
  };
}
