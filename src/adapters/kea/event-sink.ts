/** @module Turns hook events into store events attributed to resources (by MAC, or by the hook group's name). */
import type { Resource } from '../../core/resource';
import type { Store } from '../../store';
import { eventKind, type KeaEvent } from './event-line';

/** Maps an event to a resource id, or null when no resource matches. */
export type ResourceResolver = (event: KeaEvent) => string | null;

/** Builds a resolver from the current resources: an interface by MAC, else a group named like a resource id. */
export async function resolverFromStore(store: Store): Promise<ResourceResolver> {
  return resolverFor(await store.resources.list());
}

/** The same resolver over resources already read. */
export function resolverFor(resources: readonly Resource[]): ResourceResolver {
  const byMac = new Map(resources.filter((r) => r.mac).map((r) => [r.mac!.toLowerCase(), r.id]));
  const ids = new Set(resources.map((r) => r.id));
  return (e) => byMac.get(e.hwaddr) ?? (e.group !== null && ids.has(e.group) ? e.group : null);
}

/** The payload an event is stored with (its meaning and fields, camelCase). */
export function eventPayload(e: KeaEvent): Record<string, unknown> {
  return { kind: eventKind(e.type), address: e.address, hwaddr: e.hwaddr, clientId: e.client_id, hostname: e.hostname, subnetId: e.subnet_id, validLft: e.valid_lft, group: e.group, classes: e.classes };
}

const jsonOrNull = (text: string | null) => (text === null ? 'null' : JSON.stringify(text));

/**
 * `JSON.stringify(eventPayload(e))`, written by hand: it runs once per lease, and this way costs half as much.
 * A validated event's address, hwaddr and client_id are digits, dots, colons and hex, which need no escaping.
 */
export function eventPayloadJson(e: KeaEvent): string {
  const clientId = e.client_id === null ? 'null' : `"${e.client_id}"`;
  return `{"kind":"${eventKind(e.type)}","address":"${e.address}","hwaddr":"${e.hwaddr}","clientId":${clientId},"hostname":${jsonOrNull(e.hostname)},` +
    `"subnetId":${e.subnet_id},"validLft":${e.valid_lft},"group":${jsonOrNull(e.group)},"classes":${JSON.stringify(e.classes)}}`;
}

/** A sink that appends each event to the store's event log as `kea.<type>` with its meaning. */
export function storeSink(store: Store, resolve: () => ResourceResolver) {
  return async (events: KeaEvent[]): Promise<void> => {
    const resolver = resolve();
    await store.events.append(...events.map((e) => ({ ts: e.ts, type: `kea.${e.type}`, resourceId: resolver(e), payloadJson: eventPayloadJson(e) })));
  };
}
