/** @module Appends one row per measurement to bench/RESULTS.md (creating the table header once). */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', '..', 'bench', 'RESULTS.md');
const HEADER = '# Benchmark results\n\nEach row compares ipshadow with its anchor side by side in one run on the same machine.\n\n| date | benchmark | metric | ipshadow | anchor | ratio | command |\n|---|---|---|---|---|---|---|\n';

/** One benchmark row. */
export interface ResultRow {
  benchmark: string;
  metric: string;
  ipshadow: number;
  anchor: number;
  ratio: number;
  command: string;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3));

/** Appends a row and echoes it to stdout. */
export function appendResult(row: ResultRow): void {
  if (!existsSync(FILE)) writeFileSync(FILE, HEADER);
  const line = `| ${new Date().toISOString().slice(0, 10)} | ${row.benchmark} | ${row.metric} | ${fmt(row.ipshadow)} | ${fmt(row.anchor)} | ${fmt(row.ratio)} | \`${row.command}\` |\n`;
  appendFileSync(FILE, line);
  process.stdout.write(line);
}
