/** @module The configuration schema, validated once at start-up. */
import { z } from 'zod';

const retrySchema = z.strictObject({
  max: z.number().int().min(0).max(20).default(5),
  baseMs: z.number().int().min(1).default(250),
  maxMs: z.number().int().min(1).default(8000),
});

const netboxSchema = z.strictObject({
  url: z.url(),
  token: z.string().min(8),
  timeoutMs: z.number().int().min(100).default(15000),
  pageSize: z.number().int().min(1).max(1000).default(1000),
  retry: retrySchema.prefault({}),
  tag: z.string().regex(/^[-a-z0-9_]+$/).default('ipshadow'),
  webhook: z
    .strictObject({
      name: z.string().default('ipshadow'),
      payloadUrl: z.url().optional(),
      secret: z.string().min(16).optional(),
    })
    .prefault({}),
  resyncIntervalSec: z.number().int().min(0).default(900),
});

const groupKey = z.enum(['tag', 'role', 'cluster', 'tenant']);

const resourcesSchema = z.strictObject({
  interfaces: z
    .strictObject({
      vm: z.boolean().default(true),
      device: z.boolean().default(true),
      requireMac: z.boolean().default(true),
    })
    .prefault({}),
  groupBy: z.array(groupKey).default(['tag', 'role', 'cluster', 'tenant']),
  ignoreTags: z.array(z.string()).default(['ipshadow']),
});

const apiSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8470),
  token: z.string().min(16).optional(),
});

/** The whole config file; unknown keys are errors so typos surface at start-up. */
export const configSchema = z.strictObject({
  store: z.strictObject({ url: z.string().min(1).default('sqlite:./var/ipshadow.db') }).prefault({}),
  netbox: netboxSchema,
  resources: resourcesSchema.prefault({}),
  api: apiSchema.prefault({}),
  log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
});

/** Validated, frozen configuration. */
export type Config = z.infer<typeof configSchema>;
/** Config as written in YAML, before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
