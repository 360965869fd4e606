/** @module Resolve metric rows to resources: a known resource id, or the interface resource holding an IP or MAC. */
import type { ResourceMap } from '../mapping';
import type { MetricRow, RowError } from './metric-rows';

/** A metric point ready for the store. */
export interface MetricPoint {
  resourceId: string;
  metric: string;
  ts: number;
  value: number;
}

const isInterface = (id: string | undefined): id is string => id !== undefined && (id.startsWith('vmif:') || id.startsWith('devif:'));

/** Points for rows whose resource is known; the others become errors at the row's place. */
export function resolveRows(rows: readonly MetricRow[], map: ResourceMap): { points: MetricPoint[]; errors: RowError[] } {
  const points: MetricPoint[] = [];
  const errors: RowError[] = [];
  for (const r of rows) {
    let id: string | undefined;
    if (r.resource !== undefined) id = map.has(r.resource) ? r.resource : undefined;
    else {
      const first = map.ofText((r.ip ?? r.mac) as string)[0];
      id = isInterface(first) ? first : undefined;
    }
    if (id === undefined) {
      const what = r.resource !== undefined ? `resource ${r.resource}` : r.ip !== undefined ? `ip ${r.ip}` : `mac ${r.mac}`;
      errors.push({ at: r.at, message: `no resource for ${what}` });
      continue;
    }
    points.push({ resourceId: id, metric: r.metric, ts: r.ts, value: r.value });
  }
  return { points, errors };
}
