/** @module The configuration schema, validated once at start-up. */
import { z } from 'zod';
import { parseCidr } from '../core/ip';

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

const FLOW_PROTOCOLS = ['netflow_v5', 'netflow_v9', 'ipfix', 'sflow_v5'] as const;
const cidrText = z.string().refine((s) => parseCidr(s) !== null, 'not an IP address or CIDR prefix');
const port = z.number().int().min(0).max(65535);

const listenerSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/),
  host: z.string().default('0.0.0.0'),
  port,
  /** Protocols accepted on this port; anything else is counted and dropped. */
  protocols: z.array(z.enum(FLOW_PROTOCOLS)).min(1),
  /** SO_RCVBUF to ask for; 0 keeps the kernel default. */
  recvBufferBytes: z.number().int().min(0).default(4 * 1024 * 1024),
});

const DEFAULT_LISTENERS = [
  { name: 'netflow', port: 2055, protocols: ['netflow_v5', 'netflow_v9', 'ipfix'] },
  { name: 'ipfix', port: 4739, protocols: ['ipfix'] },
  { name: 'sflow', port: 6343, protocols: ['sflow_v5'] },
] as const;

/** Flow and metrics collection (issue 4). Sizes bound memory; rates are 1-in-N. */
const collectSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** How often the flow-to-resource map is rebuilt from the mirror. */
  mapRefreshSec: z.number().int().min(1).default(300),
  listeners: z.array(listenerSchema).default(DEFAULT_LISTENERS.map((l) => ({ ...l, host: '0.0.0.0', protocols: [...l.protocols], recvBufferBytes: 4 * 1024 * 1024 }))),
  templates: z
    .strictObject({
      ttlSec: z.number().int().min(1).default(3600),
      maxEntries: z.number().int().min(1).default(10000),
      maxPerExporter: z.number().int().min(1).default(1000),
    })
    .prefault({}),
  exporters: z
    .strictObject({
      /** Most exporters tracked at once; datagrams from more are dropped. */
      max: z.number().int().min(1).default(1024),
      /** Datagrams per second one exporter may send before the excess is dropped; 0 = no limit. */
      maxDatagramsPerSec: z.number().int().min(0).default(0),
    })
    .prefault({}),
  sampling: z
    .strictObject({
      /** Keep one record in N ourselves (1 = keep all); kept records are scaled by N. */
      ingestOneIn: z.number().int().min(1).default(1),
      /** Rate assumed when an exporter does not say (no options data). */
      unknownRate: z.number().int().min(1).default(1),
      /** Fixed rates by exporter address (`ip` or `ip:port`), overriding what the exporter says. */
      overrides: z.record(z.string(), z.number().int().min(1)).default({}),
    })
    .prefault({}),
  aggregation: z
    .strictObject({
      flushIntervalSec: z.number().int().min(1).default(10),
      /** How long a minute bucket stays open in memory for late records after it ends. */
      latenessSec: z.number().int().min(0).default(120),
      maxOpenBuckets: z.number().int().min(1).default(100000),
      maxPeersPerBucket: z.number().int().min(1).default(4096),
      /** A peer unseen this long counts as new again. */
      peerMemorySec: z.number().int().min(1).default(86400),
      maxPeersPerResource: z.number().int().min(1).default(4096),
      maxUnknownAddresses: z.number().int().min(1).default(10000),
    })
    .prefault({}),
  leadPorts: z
    .strictObject({
      dhcp: z.array(port).default([67, 68]),
      tftp: z.array(port).default([69]),
      dns: z.array(port).default([53]),
    })
    .prefault({}),
  provisioning: z
    .strictObject({
      /** Provisioning hosts (addresses or prefixes): HTTP(S) to them is lead traffic. */
      hosts: z.array(cidrText).default([]),
      ports: z.array(port).default([80, 443]),
    })
    .prefault({}),
  retention: z
    .strictObject({
      bucketsDays: z.number().min(0.001).default(30),
      metricsDays: z.number().min(0.001).default(30),
      unknownDays: z.number().min(0.001).default(7),
    })
    .prefault({}),
  goflow2: z
    .strictObject({
      natsUrl: z.string().default('nats://127.0.0.1:4222'),
      /** Subject carrying goflow2 JSON lines; unset = no NATS input. */
      natsSubject: z.string().min(1).optional(),
      natsQueue: z.string().min(1).optional(),
    })
    .prefault({}),
  metricsIngest: z
    .strictObject({
      maxBodyBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
      maxRows: z.number().int().min(1).default(100000),
    })
    .prefault({}),
});

/** The whole config file; unknown keys are errors so typos surface at start-up. */
export const configSchema = z.strictObject({
  store: z.strictObject({ url: z.string().min(1).default('sqlite:./var/ipshadow.db') }).prefault({}),
  netbox: netboxSchema,
  resources: resourcesSchema.prefault({}),
  api: apiSchema.prefault({}),
  collect: collectSchema.prefault({}),
  log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
});

/** Validated, frozen configuration. */
export type Config = z.infer<typeof configSchema>;
/** Config as written in YAML, before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated `collect` section. */
export type CollectConfig = Config['collect'];
