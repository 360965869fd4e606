/** @module The reliability diagram: stated probability per decile against the observed frequency, with counts. */
import { esc, num } from './html';
import { linePath, linear, niceTicks, px, svgOpen, xLabels, yAxis } from './svg';
import type { ReliabilityResult } from './types';

const W = 400, H = 320, L = 48, R = 16, T = 30, B = 44;

/** The diagram as SVG: the diagonal is perfect calibration; dot area grows with the bin's count. */
export function reliabilityChart(r: ReliabilityResult): string {
  const x = linear([-0.03, 1.03], [L, W - R]), y = linear([-0.03, 1.03], [H - B, T]);
  const ticks = niceTicks(0, 1, 5);
  const used = r.bins.filter((b) => b.n > 0);
  const nMax = Math.max(1, ...used.map((b) => b.n));
  const placed: Array<[number, number, number]> = [];
  const dots = used.map((b) => {
    const rad = 3 + 6 * Math.sqrt(b.n / nMax), cx = x(b.predicted), cy = y(b.observed);
    const text = `n=${num(b.n)}`, w = 6.5 * text.length, left = cx > W - R - w - rad - 6;
    const lx = left ? cx - rad - 4 - w : cx + rad + 4;
    // Counts that would overlap an earlier label are left to the table beside the chart.
    const free = placed.every(([px0, py, pw]) => lx + w < px0 || lx > px0 + pw || Math.abs(cy - py) > 13);
    if (free) placed.push([lx, cy, w]);
    const label = free ? `<text class="count" x="${px(lx)}" y="${px(cy + 4)}">${esc(text)}</text>` : '';
    return `<g class="bin" data-lo="${b.lo}" data-n="${b.n}" data-predicted="${b.predicted}" data-observed="${b.observed}">` +
      `<circle cx="${px(cx)}" cy="${px(cy)}" r="${px(rad)}"/>${label}</g>`;
  }).join('');
  const body = [
    yAxis(y, L, W - R, ticks, (v) => v.toFixed(1)),
    `<line class="axis" x1="${L}" x2="${W - R}" y1="${px(H - B)}" y2="${px(H - B)}"/>`,
    xLabels(x, H - B, ticks, (v) => v.toFixed(1)),
    `<path class="diagonal" d="${linePath([[x(0), y(0)], [x(1), y(1)]])}"/>`,
    `<path class="calib" d="${linePath(used.map((b) => [x(b.predicted), y(b.observed)]))}"/>`,
    dots,
    `<text class="axis-title" x="${px((L + W - R) / 2)}" y="${H - 8}" text-anchor="middle">stated P(allocation within ${esc(r.windowMin)} min)</text>`,
    `<text class="axis-title" transform="translate(12 ${px((T + H - B) / 2)}) rotate(-90)" text-anchor="middle">observed frequency</text>`,
  ].join('');
  return `${svgOpen(W, H, 'Reliability diagram of the lead-signal model')}<text class="chart-title" x="0" y="16">Reliability (held-out half)</text>${body}</svg>`;
}
