/** @module The store: one object holding the connection and its repositories. */
export { openStore, type Store } from './store';
export type { MirrorTable } from './schema';
export type { StoredEvent, NewEvent } from './event-repo';
export type { ShadowFilter, ShadowStats, AllocationEvent } from './shadow-repo';
export type { StoredModel } from './model-repo';
