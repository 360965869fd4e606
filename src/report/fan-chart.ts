/** @module Forecast fan charts: recent history, then the forecast's 95% and 80% bands and mean against the actual counts. */
import { esc, pct, simDay, utc } from './html';
import { bandPath, linePath, linear, niceMax, niceTicks, px, svgOpen, xLabels, yAxis } from './svg';
import type { FanChart } from './types';

const W = 600, H = 215, L = 44, R = 14, T = 34, B = 30;

function dayHour(ms: number): string {
  return ms % 86_400_000 === 0 ? `day ${simDay(ms)}` : utc(ms).slice(11);
}

/** One resource's fan chart as SVG. */
export function fanChart(f: FanChart): string {
  const all = [...f.history.map((h) => h.tMs), ...f.forecast.map((p) => p.tMs)];
  const t0 = Math.min(...all), t1 = Math.max(...all) + f.stepMs;
  const top = niceMax(Math.max(1, ...f.history.map((h) => h.value), ...f.forecast.flatMap((p) => [p.hi95, p.actual])));
  const x = linear([t0, t1], [L, W - R]), y = linear([0, top], [H - B, T]);
  const mid = (t: number) => x(t + f.stepMs / 2);
  const xs = f.forecast.map((p) => mid(p.tMs));
  const every = 12 * 3_600_000, hourTicks: number[] = [];
  for (let t = Math.ceil(t0 / every) * every; t <= t1 - every / 4; t += every) hourTicks.push(t);
  const split = f.forecast[0]?.tMs ?? t1;
  const body = [
    yAxis(y, L, W - R, niceTicks(0, top, 4), (v) => String(v)),
    `<line class="axis" x1="${L}" x2="${W - R}" y1="${px(H - B)}" y2="${px(H - B)}"/>`,
    xLabels(x, H - B, hourTicks, dayHour),
    `<path class="band95" d="${bandPath(xs, f.forecast.map((p) => y(p.hi95)), f.forecast.map((p) => y(p.lo95)))}"/>`,
    `<path class="band80" d="${bandPath(xs, f.forecast.map((p) => y(p.hi80)), f.forecast.map((p) => y(p.lo80)))}"/>`,
    `<path class="mean" d="${linePath(f.forecast.map((p) => [mid(p.tMs), y(p.mean)]))}"/>`,
    `<path class="history" d="${linePath(f.history.map((h) => [mid(h.tMs), y(h.value)]))}"/>`,
    `<path class="actual" d="${linePath(f.forecast.map((p) => [mid(p.tMs), y(p.actual)]))}"/>`,
    `<line class="split" x1="${px(x(split))}" x2="${px(x(split))}" y1="${T - 6}" y2="${px(H - B)}"/>`,
    `<text class="note" x="${px(x(split) + 4)}" y="${T - 8}">forecast from here</text>`,
  ].join('');
  const title = `${f.resourceId}: allocations per ${f.stepMs / 60_000} min, ${f.model}`;
  const head = `<text class="chart-title" x="0" y="14">${esc(f.resourceId)}</text>` +
    `<text class="note" x="${W - R}" y="14" text-anchor="end">${esc(f.model)} · inside 80%: ${esc(pct(f.coverage80, 0))} · inside 95%: ${esc(pct(f.coverage95, 0))}</text>`;
  return `<figure class="fan" data-resource="${esc(f.resourceId)}">${svgOpen(W, H, title)}${head}${body}</svg></figure>`;
}

/** The legend shared by all fan charts. */
export function fanLegend(): string {
  return '<div class="legend"><span class="sw history"></span>history <span class="sw actual"></span>actual ' +
    '<span class="sw mean"></span>forecast mean <span class="sw band80"></span>80% band <span class="sw band95"></span>95% band</div>';
}
