/**
 * @module `ipshadow demo` end to end: simulate a world, compare every policy on its held-out half, forecast fans,
 * the lead model's reliability, the engine on SQLite for the reservation timeline, then report.html and report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backtest } from '../allocate/backtest';
import { tailTrace } from '../allocate/compare';
import { CostModelSchema, type CostModelInput } from '../allocate/cost';
import { leadPolicy, trainLead, type LeadPolicyOptions } from '../allocate/lead-policy';
import { SCENARIOS, type ScenarioName } from '../sim/scenarios';
import { fanCharts } from './demo-fans';
import { runEngine } from './demo-engine';
import { heldOutReliability } from './demo-reliability';
import { runScenario } from './demo-scenario';
import { renderReport } from './render';
import type { DemoReport } from './types';

/** What the demo runs. `engineHours` limits the engine to the first hours of the held-out half (default: all of it). */
export interface DemoOptions {
  outDir: string;
  scenario: ScenarioName;
  days: number;
  seed: number;
  others: boolean;
  version: string;
  engineHours?: number;
  windowHours?: number;
  cost?: CostModelInput;
  tickMs?: number;
}

/** Progress: the stage now running and the share of the whole run done (0–1). */
export type DemoProgress = (stage: string, done: number) => void;

/** The files written. */
export interface DemoOutput {
  report: DemoReport;
  html: string;
  json: string;
}

/** How the on-demand latency and reservations' readiness are modelled, in words for the report. */
export function latencyModelText(latencyMs: number): string {
  const s = `${latencyMs / 1000} s`;
  return `an on-demand allocation takes L = ${s}; a reservation is ready L after it is requested; an allocation that finds a ready ` +
    `reservation waits 0 (a hit), one whose reservation is still being written waits until it is ready, otherwise it waits L`;
}

/** Runs the demo and writes report.html and report.json into `outDir`. */
export async function runDemo(o: DemoOptions, progress: DemoProgress = () => undefined): Promise<DemoOutput> {
  const cost = CostModelSchema.parse(o.cost ?? {}), tickMs = o.tickMs ?? 60_000, opts = { cost, tickMs };
  const others = o.others ? SCENARIOS.filter((s) => s !== o.scenario) : [];
  const W = { compare: 30, fans: 4, train: 8, reliability: 4, engine: 40, others: 14 * others.length };
  const total = Object.values(W).reduce((s, w) => s + w, 0);
  const timingsMs: Record<string, number> = {};
  let done = 0, t = Date.now();
  const step = (name: string, weight: number, next: string): void => {
    timingsMs[name] = Date.now() - t; t = Date.now(); done += weight; progress(next, done / total);
  };
  progress(`simulating ${o.scenario} and comparing every policy`, 0);
  const { trace, result: primary } = runScenario(o.scenario, o.seed, o.days, opts);
  step('compare', W.compare, 'forecasting fan charts');
  const fans = fanCharts(trace, primary.splitMs);
  step('fans', W.fans, 'training the lead-signal model');
  const lo: LeadPolicyOptions = { events: trace.events, telemetry: trace.telemetry, startMs: trace.startMs, endMs: trace.endMs, tickMs, trainEndMs: primary.splitMs };
  const trained = new Map(trace.resources.map((r) => [r.id, trainLead(r.id, lo, cost)]));
  step('train', W.train, 'checking calibration on the held-out half');
  const reliability = heldOutReliability(trace, trained, primary.splitMs);
  step('reliability', W.reliability, 'running the allocation engine on SQLite');
  const endMs = o.engineHours ? Math.min(trace.endMs, primary.splitMs + o.engineHours * 3_600_000) : trace.endMs;
  const test = tailTrace(trace, primary.splitMs);
  const slice = { ...test, endMs, events: test.events.filter((e) => e.tMs <= endMs) };
  mkdirSync(o.outDir, { recursive: true });
  const span = Math.max(1, endMs - primary.splitMs);
  const run = await runEngine(slice, trained, cost, join(o.outDir, 'demo.db'), { tickMs, windowHours: o.windowHours ?? 2, onTick: (tMs) => progress('running the allocation engine on SQLite', (done + (W.engine * (tMs - primary.splitMs)) / span) / total) });
  const whole = endMs === trace.endMs ? primary.rows.find((r) => r.name === 'ipshadow lead-signal')?.metrics : undefined;
  const harness = whole ?? backtest(slice, leadPolicy(lo), opts);
  step('engine', W.engine, others.length ? `comparing every policy on ${others[0]}` : 'writing the report');
  const rest = others.map((s, i) => {
    const r = runScenario(s, o.seed, o.days, opts).result;
    step(`compare ${s}`, 14, i + 1 < others.length ? `comparing every policy on ${others[i + 1]}` : 'writing the report');
    return r;
  });
  const report: DemoReport = {
    title: 'ipshadow demo report', generatedAt: new Date().toISOString(), version: o.version, cost, tickMs,
    latencyModel: latencyModelText(cost.latencyMs), primary, others: rest, fans, reliability, engine: { ...run, harness }, timingsMs,
  };
  const html = join(o.outDir, 'report.html'), json = join(o.outDir, 'report.json');
  writeFileSync(html, renderReport(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  progress('done', 1);
  return { report, html, json };
}
