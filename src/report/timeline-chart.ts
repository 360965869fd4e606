/** @module The reservation timeline: each reservation as a bar from creation to its end, one lane group per resource. */
import { esc, simTime, utc } from './html';
import { linear, niceTicks, px, svgOpen, xLabels } from './svg';
import type { EngineRun, TimelineBar } from './types';

const W = 1180, L = 110, R = 28, T = 28, LANE = 7, GAP = 16;

/** Packs bars into lanes so that none overlap (greedy, by start time); returns each bar's lane. */
export function packLanes(bars: readonly TimelineBar[]): number[] {
  const ends: number[] = [];
  return bars.map((b) => {
    let lane = ends.findIndex((e) => e <= b.createdMs);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = b.endMs;
    return lane;
  });
}

/** The timeline of an engine run's window as SVG, with allocations marked as ticks under each resource's lanes. */
export function timelineChart(run: EngineRun): string {
  const { fromMs, toMs } = run.window;
  const x = linear([fromMs, toMs], [L, W - R]);
  const resources = [...new Set([...run.bars.map((b) => b.resourceId), ...run.allocations.map((a) => a.resourceId)])].sort();
  let y = T;
  const groups = resources.map((rid) => {
    const bars = run.bars.filter((b) => b.resourceId === rid).sort((a, b) => a.createdMs - b.createdMs);
    const lanes = packLanes(bars), n = Math.max(1, ...lanes.map((l) => l + 1));
    const y0 = y;
    const rects = bars.map((b, i) => {
      const x0 = x(Math.max(fromMs, b.createdMs)), x1 = x(Math.min(toMs, b.endMs));
      return `<rect class="res ${b.end}" x="${px(x0)}" y="${px(y0 + lanes[i]! * LANE)}" width="${px(Math.max(1.2, x1 - x0))}" height="${LANE - 1.5}"><title>${esc(`${b.address ?? '?'} ${simTime(b.createdMs)} → ${simTime(b.endMs)} ${b.end}`)}</title></rect>`;
    }).join('');
    const allocY = y0 + n * LANE + 3;
    const ticks = run.allocations.filter((a) => a.resourceId === rid && a.tMs >= fromMs && a.tMs <= toMs)
      .map((a) => `<line class="alloc" x1="${px(x(a.tMs))}" x2="${px(x(a.tMs))}" y1="${px(allocY)}" y2="${px(allocY + 7)}"/>`).join('');
    y = allocY + 7 + GAP;
    return `<g class="lane-group" data-resource="${esc(rid)}" data-bars="${bars.length}"><text class="label" x="${L - 8}" y="${px(y0 + 10)}" text-anchor="end">${esc(rid)}</text>` +
      `<line class="lane-sep" x1="${L}" x2="${W - R}" y1="${px(y - GAP / 2)}" y2="${px(y - GAP / 2)}"/>${rects}${ticks}</g>`;
  }).join('');
  const hours = (toMs - fromMs) / 3_600_000;
  const ticks = niceTicks(0, hours, 12).map((h) => fromMs + h * 3_600_000);
  const H = y + 22;
  const axis = xLabels(x, y - 4, ticks, (t) => utc(t).slice(11)) + `<line class="axis" x1="${L}" x2="${W - R}" y1="${px(y - 4)}" y2="${px(y - 4)}"/>`;
  const title = `Reservations made by the engine, ${simTime(fromMs)} to ${simTime(toMs)} (the busiest ${(toMs - fromMs) / 3_600_000} h)`;
  return `${svgOpen(W, H, title, 'chart timeline')}<text class="chart-title" x="0" y="14">${esc(title)}</text>${groups}${axis}</svg>`;
}

/** The timeline's legend. */
export function timelineLegend(): string {
  return '<div class="legend"><span class="sw res claimed"></span>claimed <span class="sw res expired"></span>expired ' +
    '<span class="sw res cancelled"></span>cancelled (surplus) <span class="sw res live"></span>still live <span class="sw alloc"></span>allocation</div>';
}
