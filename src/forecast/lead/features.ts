/**
 * @module Lead-signal features: a resource's telemetry laid out per minute, and at each decision minute t the
 * features of the buckets strictly before t (so a decision never sees its own minute): DHCP, TFTP, DNS and
 * provisioning packets over the last 1, 5 and 15 minutes, the DHCP lag profile, new peers, the bytes trend and
 * volume per peer, the traffic level over 15 and 60 minutes, the load per peer over 5 minutes (utilisation: an
 * autoscaler scales out when it crosses a threshold), the peer count, the time of day, and the alarm's view: the
 * load of each of the last 3 minutes and its minimum over 2 and 3 minutes per current peer (a scaler fires when every
 * datapoint breaches), the change of that load over 3 minutes and its one-minute extrapolation.
 */
import { BUCKET_MS, type TelemetryBucket } from '../../core/telemetry';
import type { Design } from './glm';

const FIELDS = ['dhcpPackets', 'tftpPackets', 'dnsPackets', 'provPackets', 'newPeers', 'bytes', 'peers'] as const;
type Field = (typeof FIELDS)[number];
const LEAD: readonly Field[] = ['dhcpPackets', 'tftpPackets', 'dnsPackets', 'provPackets'];
const WINDOWS = [1, 5, 15];
const DHCP_LAGS = 10;

/** Names of the feature columns, in order. */
export const LEAD_FEATURES: readonly string[] = [
  ...LEAD.flatMap((f) => WINDOWS.map((w) => `${f}_${w}m`)),
  'newPeers_5m', 'bytesTrend_5v10m', 'bytes_1m', 'bytesPerPeer_1m', 'todSin', 'todCos',
  ...Array.from({ length: DHCP_LAGS }, (_, j) => `dhcpPackets_lag${j + 1}`),
  'bytes_15m', 'bytes_60m', 'bytesPerPeer_5m', 'peers_1m',
  'loadPerPeer_lag2', 'loadPerPeer_lag3', 'loadPerPeerMin_2m', 'loadPerPeerMin_3m', 'loadSlope_3m', 'loadProjected_1m',
];

/** One resource's telemetry as prefix sums per field over minutes [0, minutes) from `startMs`. */
export interface TelemetryGrid {
  startMs: number;
  minutes: number;
  /** cum[f][m] = sum of field f over minutes [0, m). */
  cum: Record<Field, Float64Array>;
  /** Raw per-minute values of each field. */
  raw: Record<Field, Float64Array>;
}

/** Lays out one resource's buckets (others are ignored) on a minute grid starting at `startMs`. */
export function telemetryGrid(buckets: readonly TelemetryBucket[], resourceId: string, startMs: number, endMs: number): TelemetryGrid {
  const minutes = Math.max(1, Math.ceil((endMs - startMs) / BUCKET_MS));
  const raw = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(minutes)])) as Record<Field, Float64Array>;
  for (const b of buckets) {
    if (b.resourceId !== resourceId) continue;
    const m = Math.floor((b.bucketMs - startMs) / BUCKET_MS);
    if (m < 0 || m >= minutes) continue;
    for (const f of FIELDS) raw[f][m] = f === 'peers' ? Math.max(raw[f][m]!, b[f]) : raw[f][m]! + b[f];
  }
  const cum = Object.fromEntries(FIELDS.map((f) => {
    const c = new Float64Array(minutes + 1);
    for (let m = 0; m < minutes; m++) c[m + 1] = c[m]! + raw[f][m]!;
    return [f, c];
  })) as Record<Field, Float64Array>;
  return { startMs, minutes, cum, raw };
}

function sum(g: TelemetryGrid, f: Field, from: number, to: number): number {
  const a = Math.max(0, Math.min(g.minutes, from)), b = Math.max(0, Math.min(g.minutes, to));
  return b > a ? g.cum[f][b]! - g.cum[f][a]! : 0;
}

/** Writes the features for decision minute `t` (buckets before t) into `out` at `offset`. */
export function writeFeatures(g: TelemetryGrid, t: number, out: Float64Array, offset = 0): void {
  let j = offset;
  for (const f of LEAD) for (const w of WINDOWS) out[j++] = Math.log1p(sum(g, f, t - w, t));
  out[j++] = Math.log1p(sum(g, 'newPeers', t - 5, t));
  out[j++] = Math.log1p(sum(g, 'bytes', t - 5, t) / 5) - Math.log1p(sum(g, 'bytes', t - 15, t - 5) / 10);
  const b1 = sum(g, 'bytes', t - 1, t);
  out[j++] = Math.log1p(b1);
  out[j++] = Math.log1p(b1 / Math.max(1, t >= 1 && t <= g.minutes ? g.raw.peers[t - 1]! : 0));
  const tod = (2 * Math.PI * (((g.startMs + t * BUCKET_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 86_400_000;
  out[j++] = Math.sin(tod);
  out[j++] = Math.cos(tod);
  for (let lag = 1; lag <= DHCP_LAGS; lag++) out[j++] = Math.log1p(sum(g, 'dhcpPackets', t - lag, t - lag + 1));
  out[j++] = Math.log1p(sum(g, 'bytes', t - 15, t) / 15);
  out[j++] = Math.log1p(sum(g, 'bytes', t - 60, t) / 60);
  const peers = t >= 1 && t <= g.minutes ? g.raw.peers[t - 1]! : 0;
  out[j++] = Math.log1p(sum(g, 'bytes', t - 5, t) / 5 / Math.max(1, peers));
  out[j++] = Math.log1p(peers);
  j = writeAlarmFeatures(g, t, out, j);
}

/** The load of minute t − lag per peer at t − 1 (the capacity the scaler compares it with). */
function loadPerPeer(g: TelemetryGrid, t: number, lag: number): number {
  const peers = t >= 1 && t <= g.minutes ? g.raw.peers[t - 1]! : 0;
  return sum(g, 'bytes', t - lag, t - lag + 1) / Math.max(1, peers);
}

/** What a scale-out alarm reads, relative to current capacity: per-minute loads, their minimum, slope and extrapolation. */
function writeAlarmFeatures(g: TelemetryGrid, t: number, out: Float64Array, j: number): number {
  const u = [1, 2, 3, 4].map((lag) => loadPerPeer(g, t, lag));
  out[j++] = Math.log1p(u[1]!);
  out[j++] = Math.log1p(u[2]!);
  out[j++] = Math.log1p(Math.min(u[0]!, u[1]!));
  out[j++] = Math.log1p(Math.min(u[0]!, u[1]!, u[2]!));
  out[j++] = Math.log1p(u[0]!) - Math.log1p(u[3]!);
  // Where the load per peer heads next minute at its 3-minute slope: a rising load breaches before it is seen doing so.
  out[j++] = Math.log1p(Math.max(0, u[0]! + (u[0]! - u[3]!) / 3));
  return j;
}

/** The design matrix of features at each decision minute in `times`. */
export function featureDesign(g: TelemetryGrid, times: ArrayLike<number>): Design {
  const d = LEAD_FEATURES.length, n = times.length, x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) writeFeatures(g, times[i]!, x, i * d);
  return { x, n, d };
}
