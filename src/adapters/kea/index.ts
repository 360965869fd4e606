/** @module Kea adapter: hook event server, control channel (unix or Control Agent), pre-leases, hosts database. */
export { KeaEventServer, type KeaEventServerOptions, type KeaEventSink, type KeaEventStats } from './event-server';
export { parseEventLine, eventKind, KEA_EVENT_TYPES, type KeaEvent, type KeaEventType } from './event-line';
export { storeSink, resolverFromStore, resolverFor, type ResourceResolver } from './event-sink';
export { unixControl, httpControl, run, KEA_RESULT, type KeaControl, type KeaAnswer } from './control';
export { HookCommands, type HookGroup, type HookStats } from './hook-commands';
export { PreLeaseWriter, type PreLease, type KeaLease } from './pre-leases';
export { HostsDbWriter, type HostReservation, type StoredHost } from './hosts-db';
export { KeaDhcpServer, type KeaDhcpServerDeps } from './kea-dhcp-server';
export { KeaSubnetTable, fetchKeaSubnets, type KeaSubnet } from './subnets';
