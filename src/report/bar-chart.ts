/** @module Horizontal bar charts: one metric across every policy, ipshadow's policies set apart from the baselines. */
import { esc } from './html';
import { linear, niceMax, px, svgOpen } from './svg';

/** One bar: a label, its value, the text shown beside it and its colour class. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  kind: 'ipshadow' | 'baseline' | 'oracle';
}

const ROW = 21, LABEL_W = 178, PAD_R = 70, TOP = 26;

/** Which colour a policy's bar gets. */
export function barKind(policy: string): Bar['kind'] {
  return policy.startsWith('ipshadow') ? 'ipshadow' : policy === 'oracle' ? 'oracle' : 'baseline';
}

/** A bar chart titled `title`; `max` fixes the axis end (e.g. 1 for shares), else it is rounded up from the data. */
export function barChart(title: string, bars: readonly Bar[], width = 400, max?: number): string {
  const height = TOP + bars.length * ROW + 8;
  const top = max ?? niceMax(Math.max(0, ...bars.map((b) => b.value)), 1e-9);
  const x = linear([0, top], [LABEL_W, width - PAD_R]);
  const rows = bars.map((b, i) => {
    const y = TOP + i * ROW, w = Math.max(b.value > 0 ? 1.5 : 0, x(Math.max(0, b.value)) - LABEL_W);
    return `<g class="bar ${b.kind}" data-label="${esc(b.label)}" data-value="${esc(b.value)}">` +
      `<text class="label" x="${LABEL_W - 8}" y="${px(y + 14)}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${LABEL_W}" y="${px(y + 4)}" width="${px(w)}" height="${ROW - 7}" rx="2"/>` +
      `<text class="value" x="${px(LABEL_W + w + 6)}" y="${px(y + 14)}">${esc(b.text)}</text></g>`;
  }).join('');
  const axis = `<line class="axis" x1="${LABEL_W}" x2="${LABEL_W}" y1="${TOP}" y2="${height - 6}"/>`;
  return `${svgOpen(width, height, title)}<text class="chart-title" x="0" y="16">${esc(title)}</text>${axis}${rows}</svg>`;
}
