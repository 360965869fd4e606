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

/** The forecast cycle that fills the shadow inventory (issue 5): step counts from the event log, forecast, upsert. */
const forecastSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** How often a cycle runs. */
    intervalSeconds: z.number().int().min(1).default(60),
    /** Width of one step of the allocation-count series. */
    stepSeconds: z.number().int().min(1).max(86400).default(60),
    /** Horizons of the shadow inventory entries; each must be a whole number of steps. */
    horizonsMinutes: z.array(z.number().int().min(1).max(10080)).min(1).default([5, 15]),
    /** Steps of history each forecast is fitted on. */
    historySteps: z.number().int().min(2).max(100000).default(240),
    /** The lead cycle: resources with a lead-signal model (`ipshadow lead-train`) are scored on live telemetry. */
    lead: z
      .strictObject({
        enabled: z.boolean().default(true),
        intervalSeconds: z.number().min(0.5).default(15),
      })
      .prefault({}),
  })
  .superRefine((f, ctx) => {
    f.horizonsMinutes.forEach((m, i) => {
      if ((m * 60) % f.stepSeconds !== 0) ctx.addIssue({ code: 'custom', path: ['horizonsMinutes', i], message: `${m} min is not a whole number of ${f.stepSeconds} s steps` });
    });
  });

/** The Kea bridge (issue 3/6): the hook's event socket, the control channel, and where known-MAC reservations go. */
const keaSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    /** Unix socket the hook's `socket-path` parameter points at; ipshadow listens on it. */
    eventSocket: z.string().min(1).default('/run/ipshadow/kea-events.sock'),
    /** kea-dhcp4's own control socket (`control-socket`), or the Control Agent's URL; exactly one. */
    controlSocket: z.string().min(1).optional(),
    agentUrl: z.url().optional(),
    agentAuth: z.strictObject({ username: z.string(), password: z.string() }).optional(),
    /** PostgreSQL URL of Kea's hosts database (schema from `kea-admin db-init pgsql`); needed for `host` bindings. */
    hostsDatabase: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
    /** Lifetime of pre-leases written with lease4-add. */
    preLeaseLifetimeSec: z.number().int().min(60).default(86400),
    /** Kea subnet ids by prefix, looked up before the ones read from Kea with config-get (host rows, pre-leases, events with subnet 0). */
    subnets: z.array(z.strictObject({ id: z.number().int().min(1), prefix: cidrText })).default([]),
  })
  .superRefine((k, ctx) => {
    if (k.enabled && !k.controlSocket === !k.agentUrl) ctx.addIssue({ code: 'custom', path: ['controlSocket'], message: 'set exactly one of kea.controlSocket and kea.agentUrl' });
  });

/** Where a resource's shadow addresses come from and how Kea serves them; the first rule whose pattern matches wins. */
const placementSchema = z.strictObject({
  /** A resource id, or a prefix ending in `*` (e.g. `group:tag:*`). */
  resource: z.string().min(1),
  source: z.strictObject({ kind: z.enum(['prefix', 'ip-range']), id: z.number().int().min(1) }),
  selection: z.enum(['lowest-free', 'shadow-range']).default('shadow-range'),
  /** `group`: the hook's list for the group named like the resource; `host`/`pre-lease`: the resource's MAC; `none`: NetBox only. */
  binding: z.enum(['group', 'host', 'pre-lease', 'none']).default('group'),
});

/** The live allocation engine (issue 6). */
const engineSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Predict and log, but write nothing to NetBox or Kea. */
  observeOnly: z.boolean().default(false),
  tickSeconds: z.number().min(0.05).default(15),
  reconcileSeconds: z.number().min(1).default(300),
  /** How often a follower replica tries the leader lock (and the leader checks it still holds it). */
  leaderRetrySeconds: z.number().min(0.1).default(5),
  threshold: z.number().min(0).max(1).default(0.5),
  horizonMinutes: z.number().int().min(1).default(15),
  serviceLevel: z.number().gt(0).lt(1).optional(),
  ttlMinutes: z.number().min(0.01).default(30),
  leadTimeSeconds: z.number().min(0).default(0),
  jitter: z.strictObject({ fraction: z.number().min(0).max(1).default(0.1), maxSeconds: z.number().min(0).default(60) }).prefault({}),
  maxPerResource: z.number().int().min(0).default(16),
  maxGlobal: z.number().int().min(0).default(1024),
  placements: z.array(placementSchema).default([]),
});

/** The whole config file; unknown keys are errors so typos surface at start-up. */
export const configSchema = z.strictObject({
  store: z.strictObject({ url: z.string().min(1).default('sqlite:./var/ipshadow.db') }).prefault({}),
  netbox: netboxSchema,
  resources: resourcesSchema.prefault({}),
  api: apiSchema.prefault({}),
  collect: collectSchema.prefault({}),
  forecast: forecastSchema.prefault({}),
  kea: keaSchema.prefault({}),
  engine: engineSchema.prefault({}),
  log: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
});

/** Validated, frozen configuration. */
export type Config = z.infer<typeof configSchema>;
/** Config as written in YAML, before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated `collect` section. */
export type CollectConfig = Config['collect'];
/** The validated `kea` section. */
export type KeaConfig = Config['kea'];
/** The validated `engine` section. */
export type EngineConfig = Config['engine'];
/** The validated `forecast` section. */
export type ForecastConfig = Config['forecast'];
