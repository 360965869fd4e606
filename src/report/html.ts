/** @module HTML text helpers: escaping, number formats and attribute lists, shared by every report section. */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and quoted attributes. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** A number with `digits` decimals and thousands separators; "–" when not finite. */
export function num(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A share as a percentage with `digits` decimals. */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '–';
}

/** A UTC time as "YYYY-MM-DD HH:MM". */
export function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A value tagged with its exact number, so tests and readers can check the figure behind the formatted text. */
export function figure(value: number, text: string, attrs: Record<string, string> = {}): string {
  const extra = Object.entries(attrs).map(([k, v]) => ` data-${k}="${esc(v)}"`).join('');
  return `<span class="fig" data-value="${esc(value)}"${extra}>${esc(text)}</span>`;
}

/** The 1-based day of a simulated clock that starts at 0. */
export function simDay(ms: number): number {
  return Math.floor(ms / 86_400_000) + 1;
}

/** A simulated-clock time as "day D HH:MM". */
export function simTime(ms: number): string {
  return `day ${simDay(ms)} ${utc(ms).slice(11)}`;
}
