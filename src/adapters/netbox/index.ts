/** @module NetBox adapter: HTTP client, setup, sync, webhooks and shadow reservation writes. */
export { NetBoxHttp, type NetBoxHttpOptions, type Page } from './http';
export { NetBoxBulk, type AddressSource } from './bulk';
export { NetBoxSetup, type SetupAction, type SetupOptions } from './setup';
export { FullSync, FULL_SYNC_CURSOR, LAST_FULL_SYNC, type KindReport, type SyncProgress } from './sync';
export { ShadowWriter, shadowBody, type ShadowRecord, type ShadowSpec } from './shadow-writer';
export { applyWebhook, parseWebhookBody, signBody, verifySignature, type WebhookOutcome } from './webhook';
export { MIRROR_KINDS, kindByObjectType, type MirrorKind } from './kinds';
export { authorizationHeader } from './auth';
export { NetBoxSourceOfTruth, fromNetBox } from './netbox-sot';
