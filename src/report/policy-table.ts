/** @module The per-policy table and the bar-chart grid: one metric definition for every policy. */
import { barChart, barKind } from './bar-chart';
import { esc, figure, num, pct } from './html';
import type { ReportPolicyRow } from './types';

/** The metrics shown, in table order: key, heading, format, and whether the chart's axis is a share. */
const COLUMNS = [
  { key: 'cost', head: 'total cost', fmt: (v: number) => num(v) },
  { key: 'hitRate', head: 'hit rate', fmt: (v: number) => pct(v) },
  { key: 'meanWaitMin', head: 'mean wait (min)', fmt: (v: number) => num(v, 3) },
  { key: 'p99WaitMin', head: 'p99 wait (min)', fmt: (v: number) => num(v, 2) },
  { key: 'idleAddressMin', head: 'idle address-min', fmt: (v: number) => num(v) },
  { key: 'expired', head: 'expired', fmt: (v: number) => num(v) },
  { key: 'allocs', head: 'allocations', fmt: (v: number) => num(v) },
] as const;

/** The table of every policy's metrics; each figure carries its exact value in `data-value`. */
export function policyTable(rows: readonly ReportPolicyRow[], scenario: string): string {
  const head = ['policy', ...COLUMNS.map((c) => c.head), '÷ best static', 'cost removed'].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => {
    const cells = COLUMNS.map((c) => `<td>${figure(r.metrics[c.key], c.fmt(r.metrics[c.key]), { policy: r.name, metric: c.key, scenario })}</td>`);
    const ratio = r.vsBestStatic;
    cells.push(`<td>${ratio === undefined ? '' : figure(ratio, num(ratio, 3), { policy: r.name, metric: 'vsBestStatic', scenario })}</td>`);
    cells.push(`<td>${ratio === undefined ? '' : figure(1 - ratio, pct(1 - ratio), { policy: r.name, metric: 'shareRemoved', scenario })}</td>`);
    return `<tr class="${barKind(r.name)}"><th scope="row">${esc(r.name)}</th>${cells.join('')}</tr>`;
  }).join('');
  return `<table class="policies" data-scenario="${esc(scenario)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Six bar charts (cost, hit rate, idle address-minutes, mean and p99 wait, expired) over the same rows. */
export function policyCharts(rows: readonly ReportPolicyRow[]): string {
  const chart = (title: string, key: (typeof COLUMNS)[number]['key'], max?: number) => {
    const col = COLUMNS.find((c) => c.key === key)!;
    return barChart(title, rows.map((r) => ({ label: r.name, value: r.metrics[key], text: col.fmt(r.metrics[key]), kind: barKind(r.name) })), 372, max);
  };
  return `<div class="grid3">${[
    chart('Total cost (lower is better)', 'cost'),
    chart('Hit rate (higher is better)', 'hitRate', 1),
    chart('Idle address-minutes', 'idleAddressMin'),
    chart('Mean wait, minutes', 'meanWaitMin'),
    chart('p99 wait, minutes', 'p99WaitMin'),
    chart('Expired reservations', 'expired'),
  ].join('')}</div>`;
}
