/**
 * @module Resource metric time series pushed as JSON or CSV: each row names a resource (id, IP or MAC), a metric,
 * a value and a time. Rows are validated with zod; bad rows are reported with their JSON path or CSV line.
 */
import { z } from 'zod';

/** A validated row before it is resolved to a resource. */
export interface MetricRow {
  /** Exactly one of these names the resource. */
  resource?: string;
  ip?: string;
  mac?: string;
  metric: string;
  value: number;
  /** Milliseconds since the epoch. */
  ts: number;
  /** Where the row came from: `$[3]` for JSON, `line 4` for CSV. */
  at: string;
}

/** A rejected row: where it was and why. */
export interface RowError {
  at: string;
  message: string;
}

/** Rows and errors of one parsed body. */
export interface ParsedRows {
  rows: MetricRow[];
  errors: RowError[];
  /** Rows that failed validation (a row may have several errors). */
  rejected: number;
  /** Rows past maxRows, not read. */
  ignored: number;
}

/** Epoch seconds (below 1e11) become ms; ms stay; ISO 8601 text is parsed. */
const timestamp = z.union([z.number().finite().nonnegative(), z.string().min(1)]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? (v < 1e11 ? v * 1000 : v) : Date.parse(v);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'not a timestamp (epoch seconds, epoch ms or ISO 8601)' });
    return z.NEVER;
  }
  return Math.round(ms);
});

const nonEmpty = z.string().trim().min(1);

/** One JSON or CSV row. `value` may be a numeric string (CSV); exactly one of resource, ip and mac. */
export const metricRowSchema = z
  .strictObject({
    resource: nonEmpty.optional(),
    ip: nonEmpty.optional(),
    mac: nonEmpty.optional(),
    metric: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/, 'metric names are letters, digits, _ . : - (up to 128)'),
    value: z.union([z.number(), z.string().trim().min(1).transform(Number)]).pipe(z.number().finite()),
    ts: timestamp,
  })
  .refine((r) => [r.resource, r.ip, r.mac].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of resource, ip and mac' });

function validate(raw: unknown, at: string, out: ParsedRows): void {
  const res = metricRowSchema.safeParse(raw);
  if (res.success) {
    out.rows.push({ ...res.data, at } as MetricRow);
    return;
  }
  out.rejected++;
  for (const i of res.error.issues) out.errors.push({ at: i.path.length ? `${at}.${i.path.join('.')}` : at, message: i.message });
}

/** Parse a JSON body: an array of rows, or `{ "series": [rows] }`. Throws on JSON that is not one of these. */
export function parseJsonRows(body: unknown, maxRows: number): ParsedRows {
  const list = Array.isArray(body) ? body : typeof body === 'object' && body !== null && Array.isArray((body as { series?: unknown }).series) ? (body as { series: unknown[] }).series : null;
  if (list === null) throw new TypeError('body must be a JSON array of rows or { "series": [...] }');
  const prefix = Array.isArray(body) ? '$' : '$.series';
  const out: ParsedRows = { rows: [], errors: [], rejected: 0, ignored: Math.max(0, list.length - maxRows) };
  list.slice(0, maxRows).forEach((raw, i) => validate(raw, `${prefix}[${i}]`, out));
  if (out.ignored > 0) out.errors.push({ at: `${prefix}[${maxRows}]`, message: `more than ${maxRows} rows; ${out.ignored} ignored` });
  return out;
}

const CSV_COLUMNS = new Set(['resource', 'ip', 'mac', 'metric', 'value', 'ts']);

/** Split one CSV line (RFC 4180 quotes allowed). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Parse a CSV body whose first line names the columns (resource|ip|mac, metric, value, ts; `timestamp` = ts). */
export function parseCsvRows(text: string, maxRows: number): ParsedRows {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '').map((h) => (h.toLowerCase() === 'timestamp' ? 'ts' : h.toLowerCase()));
  const out: ParsedRows = { rows: [], errors: [], rejected: 0, ignored: 0 };
  const unknown = header.filter((h) => !CSV_COLUMNS.has(h));
  if (unknown.length > 0 || !header.includes('metric')) {
    out.rejected = lines.slice(1).filter((l) => l.trim() !== '').length;
    out.errors.push({ at: 'line 1', message: `header must name resource|ip|mac, metric, value, ts; unknown: ${unknown.join(', ') || 'none'}` });
    return out;
  }
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (++n > maxRows) {
      out.ignored = lines.slice(i).filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
      out.errors.push({ at: `line ${i + 1}`, message: `more than ${maxRows} rows; ${out.ignored} ignored` });
      break;
    }
    const cells = splitCsv(line);
    if (cells.length !== header.length) {
      out.rejected++;
      out.errors.push({ at: `line ${i + 1}`, message: `${cells.length} columns, the header has ${header.length}` });
      continue;
    }
    const raw = Object.fromEntries(header.map((h, j) => [h, cells[j]]).filter(([, v]) => v !== ''));
    if (typeof raw.ts === 'string' && /^\d+(\.\d+)?$/.test(raw.ts)) raw.ts = Number(raw.ts) as unknown as string;
    validate(raw, `line ${i + 1}`, out);
  }
  return out;
}
